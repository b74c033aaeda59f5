package io.github.mask4j.export;

import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.export.Exports;
import io.github.mask4j.internal.imaging.TensorWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A classifier or regressor exported as one self-contained ONNX file ({@code Classifier.exportOnnx},
 * {@code Regressor.exportOnnx}), as described by the file's own metadata. The file runs in any ONNX Runtime:
 *
 * <ul>
 *   <li>input {@value #INPUT}: uint8 {@code [N, height, width, 3]}, RGB, already cropped and resized to the
 *       model's input size (the caller's job; {@link #inputPixels} does it exactly as mask4j does);
 *       normalisation and layout happen inside the graph;
 *   <li>outputs {@value #PROBABILITIES} float {@code [N, labels]} in the order of {@link #labels()} (classifiers)
 *       or {@value #PREDICTION} float {@code [N, 1]} (regressors), and {@value #FEATURES} float
 *       {@code [N, featureDimension]}, the backbone's embedding.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param file where the model is
 * @param task {@code classification} or {@code regression}
 * @param head {@code neural_network}, {@code linear} or {@code knn}
 * @param labels class labels in output order (empty for a regressor)
 * @param baseModelId id of the backbone the head was trained on
 * @param baseModelSha256 SHA-256 of that backbone's ONNX file
 * @param preprocessing input size and resize mode the caller must apply, and the normalisation the graph applies
 * @param featureDimension length of the {@value #FEATURES} output
 * @param version the mask4j version that wrote the file
 */
public record ExportedModel(Path file, String task, String head, List<String> labels, String baseModelId,
        String baseModelSha256, Preprocessing preprocessing, int featureDimension, String version) {
    /** Name of the input tensor. */
    public static final String INPUT = "image";
    /** Name of a classifier's output: class probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** Name of a regressor's output: the predicted value. */
    public static final String PREDICTION = "prediction";
    /** Name of the feature-vector output. */
    public static final String FEATURES = "features";
    /** Metadata keys written into the model's {@code metadata_props}. */
    public static final String KEY_VERSION = "mask4j.version";
    public static final String KEY_TASK = "mask4j.task";
    public static final String KEY_HEAD = "mask4j.head";
    public static final String KEY_LABELS = "mask4j.labels";
    public static final String KEY_K = "mask4j.k";
    public static final String KEY_BASE_MODEL_ID = "mask4j.base_model.id";
    public static final String KEY_BASE_MODEL_SHA256 = "mask4j.base_model.sha256";
    public static final String KEY_PREPROCESSING = "mask4j.preprocessing";
    public static final String KEY_FEATURE_DIMENSION = "mask4j.feature_dimension";

    public ExportedModel {
        labels = List.copyOf(labels);
    }

    /**
     * Reads the description from an exported file's metadata.
     *
     * @throws ClassifierFormatException when the file is missing, not ONNX, or not written by mask4j
     */
    public static ExportedModel read(Path file) {
        return Exports.read(file);
    }

    /** Name of the main output: {@value #PROBABILITIES} or {@value #PREDICTION}. */
    public String output() {
        return "regression".equals(task) ? PREDICTION : PROBABILITIES;
    }

    /**
     * One image as the {@value #INPUT} tensor expects it, {@code height x width x 3} bytes (RGB, row by row):
     * cropped and resized exactly as mask4j does before classifying.
     */
    public byte[] inputPixels(ImageInput image) {
        return TensorWriter.resizedRgb(image, preprocessing);
    }
}
