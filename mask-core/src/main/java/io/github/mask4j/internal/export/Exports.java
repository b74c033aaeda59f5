package io.github.mask4j.internal.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.Mask4j;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.onnx.FeatureLocation;
import io.github.mask4j.internal.onnx.OnnxGraph;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.internal.store.Sha256;
import io.github.mask4j.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes exported ONNX files (ExportedModel reads them): the backbone file the extractor loaded (checked against its SHA-256), the
 * head, and the metadata describing both. Stateless and thread-safe.
 */
public final class Exports {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exports() {}

    /** Exports {@code head} over {@code extractor}'s backbone to {@code file}, atomically. */
    public static ExportedModel write(Path file, Embedder extractor, OnnxExporter.Head head, String task,
            String headKind, List<String> labels, Integer k) {
        ModelInfo info = extractor.info();
        byte[] backbone;
        try {
            backbone = Files.readAllBytes(info.file());
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read the backbone " + info.file() + " to export it: "
                    + e.getMessage(), e);
        }
        if (!Sha256.of(backbone).equals(info.sha256())) {
            throw new ModelUnavailableException("the backbone " + info.file() + " changed on disk since it was "
                    + "opened (sha256 no longer " + info.sha256() + "); reopen the FeatureExtractor and retrain");
        }
        FeatureLocation location = FeatureLocation.locate(extractor.spec(), OnnxGraph.parse(backbone), info.file());
        Preprocessing p = extractor.preprocessing();
        ExportedModel model = new ExportedModel(file, task, headKind, labels, info.id(), info.sha256(), p,
                info.featureDimension(), Mask4j.version());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ExportedModel.KEY_VERSION, model.version());
        meta.put(ExportedModel.KEY_TASK, task);
        meta.put(ExportedModel.KEY_HEAD, headKind);
        meta.put(ExportedModel.KEY_LABELS, json(labels));
        if (k != null) {
            meta.put(ExportedModel.KEY_K, Integer.toString(k));
        }
        meta.put(ExportedModel.KEY_BASE_MODEL_ID, info.id());
        meta.put(ExportedModel.KEY_BASE_MODEL_SHA256, info.sha256());
        meta.put(ExportedModel.KEY_PREPROCESSING, json(p));
        meta.put(ExportedModel.KEY_FEATURE_DIMENSION, Integer.toString(info.featureDimension()));
        byte[] onnx = OnnxExporter.export(backbone, location, p, head, meta);
        try {
            ModelFiles.writeAtomically(file, onnx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        LOG.info("exported {} {} over {} to {} ({} bytes)", headKind, task, info.id(), file, onnx.length);
        return model;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
