package io.github.mask4j.internal.nn;

/**
 * Softmax, the one implementation of it in mask4j: in double precision for reporting probabilities (the
 * backbone's ImageNet classes, temperature scaling) and in float, in place, for the heads' hot path. Both subtract
 * the maximum first so large logits do not overflow. Stateless and thread-safe.
 */
public final class Softmax {
    private Softmax() {}

    /** Probabilities of {@code logits}, in double precision, as a new array. */
    public static double[] of(float[] logits) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = logits[i];
        }
        return ofInPlace(z);
    }

    /** Replaces {@code z} by its probabilities, in double precision; returns {@code z}. */
    public static double[] ofInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= sum;
        }
        return z;
    }

    /** Replaces {@code z} by its probabilities, in float (the sum in double); returns {@code z}. */
    public static float[] inPlace(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) (z[k] / sum);
        }
        return z;
    }
}
