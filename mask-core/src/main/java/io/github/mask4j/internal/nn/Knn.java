package io.github.mask4j.internal.nn;

/**
 * k-nearest neighbours by cosine similarity over L2-normalised embeddings, as TensorFlow.js's knn-classifier
 * does: the confidence of a class is the share of the k nearest examples that carry it. Immutable and
 * thread-safe.
 */
public final class Knn {
    private final int k;
    private final int dim;
    private final float[][] unit;
    private final int[] classes;
    private final int classCount;

    public Knn(int k, float[][] embeddings, int[] classes, int classCount) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive");
        }
        this.k = k;
        this.dim = embeddings.length == 0 ? 0 : embeddings[0].length;
        this.unit = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            unit[i] = normalise(embeddings[i]);
        }
        this.classes = classes.clone();
        this.classCount = classCount;
    }

    public static float[] normalise(float[] v) {
        double n = 0;
        for (float f : v) {
            n += (double) f * f;
        }
        float inv = n == 0 ? 0f : (float) (1 / Math.sqrt(n));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    public int k() {
        return k;
    }

    public int dimension() {
        return dim;
    }

    /** The stored examples, L2-normalised (shared arrays: do not modify). */
    public float[][] unitExamples() {
        return unit.clone();
    }

    /** The class index of each stored example. */
    public int[] exampleClasses() {
        return classes.clone();
    }

    public int classCount() {
        return classCount;
    }

    /** How many neighbours vote: {@code k}, or every example when there are fewer. */
    public int effectiveK() {
        return Math.min(k, unit.length);
    }

    /** Share of votes of each class among the k most similar examples (sums to 1). */
    public float[] predict(float[] embedding) {
        float[] q = normalise(embedding);
        int kk = Math.min(k, unit.length);
        int[] best = new int[kk];
        float[] bestSim = new float[kk];
        java.util.Arrays.fill(bestSim, Float.NEGATIVE_INFINITY);
        for (int e = 0; e < unit.length; e++) {
            float[] u = unit[e];
            float s = 0f;
            for (int i = 0; i < u.length; i++) {
                s += u[i] * q[i];
            }
            // insertion into the small sorted top-k list; ties keep the earlier example
            if (s > bestSim[kk - 1]) {
                int pos = kk - 1;
                while (pos > 0 && s > bestSim[pos - 1]) {
                    bestSim[pos] = bestSim[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                bestSim[pos] = s;
                best[pos] = e;
            }
        }
        float[] votes = new float[classCount];
        for (int i = 0; i < kk; i++) {
            votes[classes[best[i]]] += 1f / kk;
        }
        return votes;
    }
}
