package io.github.mask4j.internal.persist;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.util.List;
import java.util.Map;

/**
 * The JSON document of a saved classifier or regressor ({@code model.json}). Every field a later version adds
 * must be optional so that older files keep loading. Version 2 added {@code temperature} (the calibration of
 * the head, 1 when absent), {@code notSureBelow} (the classifier's "not sure" threshold, the default when
 * absent), {@code flipAveraging} (test-time flip averaging, off when absent), the head type {@code linear} and
 * {@code trainingOptions.augmentCopies} (0 when absent). Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDocument(
        String format,
        int formatVersion,
        String task,
        String mode,
        List<String> labels,
        int featureDimension,
        Head head,
        Integer k,
        Target target,
        TrainingOptions trainingOptions,
        TrainingReport trainingReport,
        BaseModel baseModel,
        Provenance provenance,
        BinaryFile weights,
        Examples examples,
        Double temperature,
        Double notSureBelow,
        Boolean flipAveraging) {

    public static final String FORMAT = "mask4j-model";
    public static final int CURRENT_VERSION = 2;
    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";

    /** Architecture of a neural head. */
    public record Head(String type, String inputNormalization, List<Layer> layers) {}

    /** One dense layer. */
    public record Layer(int units, String activation) {}

    /** Standardisation of a regression target. */
    public record Target(double mean, double std) {}

    /** The backbone the head was trained on. */
    public record BaseModel(String id, String sha256, String featureSource, Preprocessing preprocessing) {}

    /** Where, with what and on what the model was made. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String library, String java, String os, String createdAt, Long seed,
            String dataFingerprint, int exampleCount, Map<String, Integer> examplesPerLabel) {}

    /** A little-endian float32 file beside the document. */
    public record BinaryFile(String file, String sha256, long bytes, List<Tensor> tensors) {}

    /** One tensor inside a binary file; offset and length count floats. */
    public record Tensor(String name, List<Integer> shape, long offset) {}

    /** Saved examples: embeddings in a binary file, and one label (or target value) per row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Examples(BinaryFile embeddings, List<String> labels, List<Double> targets) {}
}
