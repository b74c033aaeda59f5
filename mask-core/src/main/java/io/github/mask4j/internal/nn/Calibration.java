package io.github.mask4j.internal.nn;

/**
 * Temperature scaling (Guo et al. 2017): one number {@code T} that softens ({@code T > 1}) or sharpens a head's
 * probabilities, {@code p_k^(1/T)} renormalised (the same as dividing the logits by {@code T}), chosen to
 * minimise the negative log-likelihood on held-out examples. It changes confidences, never the predicted label.
 * Stateless and thread-safe.
 */
public final class Calibration {
    private static final double MIN_T = 0.05;
    private static final double MAX_T = 20;

    private Calibration() {}

    /** Applies temperature {@code t} to probabilities {@code p}, in place; returns {@code p}. */
    public static float[] apply(float[] p, double t) {
        if (t == 1.0) {
            return p;
        }
        double[] logs = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            logs[k] = Math.log(Math.max(p[k], 1e-30)) / t;
        }
        Softmax.ofInPlace(logs);
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) logs[k];
        }
        return p;
    }

    /** The temperature that minimises the mean negative log-likelihood of {@code truth} under {@code probs}. */
    public static double fit(float[][] probs, int[] truth) {
        if (probs.length == 0) {
            return 1.0;
        }
        // golden-section search on log T: the NLL is unimodal in T for a fixed set of predictions
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(probs, truth, Math.exp(a));
        double fb = nll(probs, truth, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(probs, truth, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(probs, truth, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    static double nll(float[][] probs, int[] truth, double t) {
        double sum = 0;
        for (int i = 0; i < probs.length; i++) {
            float[] p = apply(probs[i].clone(), t);
            sum -= Math.log(Math.max(p[truth[i]], 1e-12));
        }
        return sum / probs.length;
    }
}
