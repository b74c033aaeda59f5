package io.github.mask4j.testing;

/** Comparisons of embeddings for tests. Stateless and thread-safe. */
public final class Vectors {
    private Vectors() {}

    /** Cosine similarity of two vectors of the same length. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of length " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** 1 - cosine similarity: 0 for the same direction. */
    public static double cosineDistance(float[] a, float[] b) {
        return 1 - cosine(a, b);
    }
}
