package io.github.mask4j.internal.persist;

import io.github.mask4j.SavedModelException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.internal.nn.LinearHead;
import io.github.mask4j.internal.nn.Mlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where classifiers and regressors turn their heads and examples into saved files and back: the
 * weight and example blobs, the checks an added example must pass, and the explicit validation of what a loaded
 * document and its files hold, so a damaged file is a {@link SavedModelException} that says what is wrong.
 * Stateless and thread-safe.
 */
public final class HeadStore {
    private HeadStore() {}

    /**
     * Refuses an embedding that cannot be an example for a backbone of {@code dimension} features.
     *
     * @throws TrainingDataException when it is null, has another length, or holds NaN or an infinity
     */
    public static void checkEmbedding(float[] embedding, int dimension, String modelId) {
        if (embedding == null || embedding.length != dimension) {
            throw new TrainingDataException("embedding has " + (embedding == null ? "no" : embedding.length)
                    + " values, expected " + dimension + " (" + modelId + ")");
        }
        for (float f : embedding) {
            if (!Float.isFinite(f)) {
                throw new TrainingDataException("embedding contains a non-finite value");
            }
        }
    }

    /** The weights of a two-layer head, as a blob to save. */
    public static ModelFiles.Blob weights(Mlp net) {
        return blob("weights", Mlp.TENSOR_NAMES, net.tensors(), net.tensorShapes());
    }

    /** The weights of a linear head, as a blob to save. */
    public static ModelFiles.Blob weights(LinearHead head) {
        return blob("weights", LinearHead.TENSOR_NAMES, head.tensors(), head.tensorShapes());
    }

    private static ModelFiles.Blob blob(String prefix, String[] names, float[][] tensors, int[][] shapes) {
        return new ModelFiles.Blob(prefix, Arrays.asList(names), Arrays.asList(tensors),
                Arrays.stream(shapes).map(s -> Arrays.stream(s).boxed().toList()).toList());
    }

    /** Example embeddings of {@code dim} features as one {@code [rows, dim]} blob. */
    public static ModelFiles.Blob examples(List<float[]> vectors, int dim) {
        float[] flat = new float[vectors.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, flat, i * dim, dim);
        }
        return new ModelFiles.Blob("examples", List.of("embeddings"), List.of(flat),
                List.of(List.of(vectors.size(), dim)));
    }

    /**
     * Reads the saved example embeddings, one per row, checking that there are exactly {@code rows} of the
     * document's feature dimension.
     */
    public static List<float[]> readExamples(Path dir, ModelDocument doc, int rows) {
        int dim = doc.featureDimension();
        List<float[]> t = readTensors(dir, doc.examples().embeddings(), 1, "example");
        float[] flat = t.get(0);
        if (flat.length != (long) rows * dim) {
            throw new SavedModelException(dir + ": saved examples hold " + flat.length + " values, expected "
                    + rows + " rows of " + dim + " (one per saved label or target)");
        }
        List<float[]> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(Arrays.copyOfRange(flat, i * dim, (i + 1) * dim));
        }
        return out;
    }

    /** Reads a two-layer head with {@code outputs} outputs, checking the document's layers and the tensors. */
    public static Mlp readMlp(Path dir, ModelDocument doc, int outputs, boolean softmax) {
        ModelDocument.Head head = doc.head();
        if (head == null || head.layers() == null || head.layers().size() != 2 || head.layers().get(0) == null) {
            throw new SavedModelException(dir + ": expected a two-layer neural head, the document describes "
                    + (head == null ? "none" : head.layers()));
        }
        int hidden = head.layers().get(0).units();
        if (hidden < 1) {
            throw new SavedModelException(dir + ": the hidden layer has " + hidden + " units");
        }
        List<float[]> t = readTensors(dir, doc.weights(), Mlp.TENSOR_NAMES.length, "weight");
        try {
            return new Mlp(doc.featureDimension(), hidden, outputs, softmax, t.get(0), t.get(1), t.get(2), t.get(3),
                    t.get(4), t.get(5));
        } catch (IllegalArgumentException e) {
            throw new SavedModelException(dir + ": weights do not fit the architecture: " + e.getMessage(), e);
        }
    }

    /** Reads a linear head with {@code outputs} outputs. */
    public static LinearHead readLinear(Path dir, ModelDocument doc, int outputs) {
        List<float[]> t = readTensors(dir, doc.weights(), LinearHead.TENSOR_NAMES.length, "weight");
        try {
            return new LinearHead(doc.featureDimension(), outputs, t.get(0), t.get(1), t.get(2), t.get(3));
        } catch (IllegalArgumentException e) {
            throw new SavedModelException(dir + ": linear weights do not fit: " + e.getMessage(), e);
        }
    }

    private static List<float[]> readTensors(Path dir, ModelDocument.BinaryFile ref, int expected, String what) {
        if (ref != null && ref.tensors() == null) {
            throw new SavedModelException(dir + ": the " + what + " file " + ref.file() + " lists no tensors");
        }
        List<float[]> t = ModelFiles.readBlob(dir, ref);
        if (t.size() != expected) {
            throw new SavedModelException(dir + ": expected " + expected + " " + what + " tensors, found " + t.size());
        }
        return t;
    }
}
