package io.github.mask4j.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.imaging.TensorWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExportedModel {
        labels = List.copyOf(labels);
    }

    /**
     * Reads the description from an exported file's metadata.
     *
     * @throws SavedModelException when the file is missing, not ONNX, or not written by mask4j
     */
    public static ExportedModel read(Path file) {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new SavedModelException("no exported model at " + file, e);
        } catch (IOException e) {
            throw new SavedModelException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        if (!meta.containsKey(KEY_TASK) || !meta.containsKey(KEY_PREPROCESSING)) {
            throw new SavedModelException(file + " was not exported by mask4j (its metadata has no "
                    + KEY_TASK + " and " + KEY_PREPROCESSING + ")");
        }
        try {
            List<String> labels = JSON.readValue(meta.getOrDefault(KEY_LABELS, "[]"),
                    new TypeReference<List<String>>() { });
            Preprocessing p = JSON.readValue(meta.get(KEY_PREPROCESSING), Preprocessing.class);
            return new ExportedModel(file, meta.get(KEY_TASK), meta.get(KEY_HEAD), labels,
                    meta.get(KEY_BASE_MODEL_ID), meta.get(KEY_BASE_MODEL_SHA256), p,
                    Integer.parseInt(meta.getOrDefault(KEY_FEATURE_DIMENSION, "0")), meta.get(KEY_VERSION));
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new SavedModelException(file + " has unreadable mask4j metadata: " + e.getMessage(), e);
        }
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
