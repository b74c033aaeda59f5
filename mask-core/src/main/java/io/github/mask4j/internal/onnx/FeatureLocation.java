package io.github.mask4j.internal.onnx;

import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a backbone's feature vector and class logits come from: the named outputs, or a pooled tensor found
 * inside the graph (perhaps quantised, with the scale and zero point that turn it into floats). The one place
 * that decides this, for running the backbone and for exporting it. Immutable and thread-safe.
 *
 * @param featureTensor the tensor holding the features
 * @param logitsOutput the graph output holding the model's own class logits
 * @param extraOutputs inner tensors that must be exposed as outputs to read the features
 * @param scale dequantisation scale ({@code 1} for float features)
 * @param zeroPoint dequantisation zero point ({@code 0} for float features)
 * @param source human-readable origin of the features, for {@code ModelInfo}
 */
public record FeatureLocation(String featureTensor, String logitsOutput, List<String> extraOutputs, float scale,
        int zeroPoint, String source) {
    private static final String FEATURES = "features";
    private static final String PROBABILITIES = "probabilities";

    /** Whether the features are stored quantised and must be dequantised: {@code (v - zeroPoint) * scale}. */
    public boolean quantized() {
        return scale != 1f || zeroPoint != 0;
    }

    /** Locates the features and logits of {@code graph} as {@code spec} asks (named or detected). */
    public static FeatureLocation locate(ModelSpec spec, OnnxGraph graph, Path file) {
        List<String> outputs = graph.outputs();
        String logits = spec.logitsOutput() != null ? spec.logitsOutput()
                : outputs.stream().filter(o -> !o.equals(FEATURES) && !o.equals(PROBABILITIES)).findFirst()
                        .orElseThrow(() -> new ModelUnavailableException(
                                file + ": no class output among " + outputs));
        if (!outputs.contains(logits)) {
            throw new ModelUnavailableException(file + ": no output named '" + logits + "'; outputs are " + outputs);
        }
        String wanted = spec.featureOutput() != null ? spec.featureOutput()
                : outputs.contains(FEATURES) ? FEATURES : null;
        if (wanted != null) {
            // an inner tensor the caller named must be exposed as an output
            return new FeatureLocation(wanted, logits, outputs.contains(wanted) ? List.of() : List.of(wanted), 1f, 0,
                    "output '" + wanted + "'");
        }
        OnnxGraph.FeatureTensor found = graph.findPooledFeatures(logits)
                .orElseThrow(() -> new ModelUnavailableException(file + " has no 'features' output and no "
                        + "global pooling before its last Gemm/MatMul/Conv could be found; name the feature "
                        + "tensor with ModelSpec.builder().featureOutput(...)"));
        return new FeatureLocation(found.name(), logits, List.of(found.name()), found.scale(), found.zeroPoint(),
                "tensor '" + found.name() + "' (detected: " + found.foundBy() + ")");
    }
}
