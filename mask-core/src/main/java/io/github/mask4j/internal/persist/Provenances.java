package io.github.mask4j.internal.persist;

import io.github.mask4j.Mask4j;
import io.github.mask4j.SavedModelMismatchException;
import io.github.mask4j.internal.store.Sha256;
import io.github.mask4j.model.ModelInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The parts of a saved document that classifiers and regressors share. Stateless and thread-safe. */
public final class Provenances {
    private Provenances() {}

    public static ModelDocument.BaseModel baseModel(ModelInfo info) {
        return new ModelDocument.BaseModel(info.id(), info.sha256(), info.featureSource(), info.preprocessing());
    }

    public static ModelDocument.Provenance provenance(Long seed, String fingerprint, int examples,
            Map<String, Integer> perLabel) {
        return new ModelDocument.Provenance("mask4j " + Mask4j.version(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().toString(), seed,
                fingerprint, examples, perLabel);
    }

    /** SHA-256 over the examples' embeddings and their labels, so a model names the data it was trained on. */
    public static String fingerprint(List<float[]> embeddings, List<String> labels) {
        MessageDigest md = Sha256.digest();
        ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < embeddings.size(); i++) {
            for (float f : embeddings.get(i)) {
                buf.clear();
                buf.putFloat(f);
                md.update(buf.array());
            }
            md.update(labels.get(i).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Refuses a document trained on another backbone, naming both. */
    public static void checkBaseModel(ModelDocument doc, ModelInfo info, java.nio.file.Path dir) {
        ModelDocument.BaseModel saved = doc.baseModel();
        if (!info.sha256().equals(saved.sha256())) {
            throw new SavedModelMismatchException("the model in " + dir + " was trained on base model '" + saved.id()
                    + "' (sha256 " + saved.sha256() + ") but is being loaded onto '" + info.id() + "' (sha256 "
                    + info.sha256() + "); open FeatureExtractor '" + saved.id() + "' to load it");
        }
        if (doc.featureDimension() != info.featureDimension()) {
            throw new SavedModelMismatchException("the model in " + dir + " expects " + doc.featureDimension()
                    + "-d features, base model '" + info.id() + "' gives " + info.featureDimension());
        }
    }
}
