package io.github.mask4j.examples.commands;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.ModelSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --model} option shared by the commands that open a feature extractor.
 *
 * <p>Not thread-safe (filled in by picocli once).
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "ID", defaultValue = "mobilenet_v2",
            description = "Backbone: mobilenet_v2, mobilenet_v2_int8 or mobilenet_v1_025 (default: ${DEFAULT-VALUE}). "
                    + "Models are read from MASK4J_MODEL_DIR / -Dmask4j.model.dir, else ../shared/models if present, "
                    + "else mask4j's cache.")
    String model;

    /** Opens the chosen extractor. */
    public FeatureExtractor open() {
        return FeatureExtractor.open(model);
    }

    /** Opens the chosen extractor with {@code threads} ONNX Runtime intra-op threads (0: one per core). */
    public FeatureExtractor open(int threads) {
        return FeatureExtractor.open(ModelSpec.of(model).toBuilder().threads(threads).build());
    }
}
