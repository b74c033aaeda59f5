package io.github.mask4j.bench;

/**
 * Nearest-rank quantiles of sorted samples: the smallest sample with at least a fraction {@code q} of all samples
 * at or below it, so p99 of 100 samples is the 99th and p100 the largest. The one definition every harness here
 * reports.
 *
 * <p>Stateless and thread-safe.
 */
final class Quantiles {
    private Quantiles() {}

    /** The q-quantile (q in [0, 1]) of ascending samples; NaN when there are none. */
    static double of(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[index(sorted.length, q)];
    }

    /** The q-quantile (q in [0, 1]) of ascending samples; NaN when there are none. */
    static double of(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[index(sorted.length, q)];
    }

    private static int index(int n, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is in [0, 1], got " + q);
        }
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(q * n) - 1));
    }
}
