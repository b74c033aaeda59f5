package io.github.mask4j.internal.nn;

import java.util.SplittableRandom;

/**
 * Trains an {@link Mlp} with mini-batch Adam: softmax cross-entropy for classification, mean squared error for
 * regression. Plain Java loops written as contiguous multiply-adds so the JIT vectorises them. Deterministic:
 * the same seed, data and options give bit-identical weights. Single-threaded: splitting a step (a few hundred
 * microseconds) over cores cost more in hand-offs and cache traffic than it saved. Not thread-safe; one trainer
 * per training run.
 */
public final class MlpTrainer {
    /** Hyper-parameters. */
    public record Config(int hidden, int epochs, int batchSize, double learningRate, double weightDecay, long seed) {}

    /** Figures of one pass. */
    public record Metrics(double loss, double accuracy) {}

    // Input rows per backward block: the block's transposed inputs (4 kB at batch 16) stay in L1 meanwhile.
    private static final int ROWS_PER_BLOCK = 64;

    private final Config config;
    private final int inputs;
    private final int outputs;
    private final boolean softmax;
    private final float[] mean;
    private final float[] invStd;
    // Every tensor as rows (W1 as one row per input, the others as one row) so that the hot loops index the
    // arrays they combine with the same index, which is what lets the JIT vectorise them.
    private final float[][][] params;
    private final float[][][] grads;
    private final float[][][] m;
    private final float[][][] v;
    private final SplittableRandom random;
    private long step;

    /**
     * @param x training features (n rows)
     * @param outputs number of classes, or 1 for regression
     */
    public MlpTrainer(Config config, float[][] x, int outputs, boolean softmax) {
        this.config = config;
        this.inputs = x[0].length;
        this.outputs = outputs;
        this.softmax = softmax;
        this.random = new SplittableRandom(config.seed());
        this.mean = new float[inputs];
        this.invStd = new float[inputs];
        standardisation(x, mean, invStd);
        int h = config.hidden();
        float[] w1 = new float[inputs * h];
        float[] w2 = new float[h * outputs];
        // He initialisation for the ReLU layer, Glorot for the output layer.
        fillNormal(w1, Math.sqrt(2.0 / inputs));
        fillNormal(w2, Math.sqrt(2.0 / (h + outputs)));
        float[][] w1Rows = new float[inputs][];
        for (int i = 0; i < inputs; i++) {
            w1Rows[i] = java.util.Arrays.copyOfRange(w1, i * h, (i + 1) * h);
        }
        params = new float[][][] {w1Rows, {new float[h]}, {w2}, {new float[outputs]}};
        grads = new float[params.length][][];
        m = new float[params.length][][];
        v = new float[params.length][][];
        for (int p = 0; p < params.length; p++) {
            int rows = params[p].length;
            int cols = params[p][0].length;
            // W1's gradient lives one row at a time in scratch space (see backwardAndUpdate)
            grads[p] = p == 0 ? null : new float[rows][cols];
            m[p] = new float[rows][cols];
            v[p] = new float[rows][cols];
        }
    }

    static void standardisation(float[][] x, float[] mean, float[] invStd) {
        int d = mean.length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] row : x) {
            for (int i = 0; i < d; i++) {
                sum[i] += row[i];
                sq[i] += (double) row[i] * row[i];
            }
        }
        for (int i = 0; i < d; i++) {
            double mu = sum[i] / x.length;
            double var = Math.max(0, sq[i] / x.length - mu * mu);
            mean[i] = (float) mu;
            // Dimensions that barely vary would be blown up into noise; floor their scale.
            invStd[i] = (float) (1.0 / Math.max(Math.sqrt(var), 1e-2));
        }
    }

    private void fillNormal(float[] w, double std) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (nextGaussian() * std);
        }
    }

    private double nextGaussian() {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }

    /** A snapshot of the current weights as an immutable network. */
    public Mlp snapshot() {
        return new Mlp(inputs, config.hidden(), outputs, softmax, mean.clone(), invStd.clone(), flat(params[0]),
                params[1][0].clone(), params[2][0].clone(), params[3][0].clone());
    }

    private static float[] flat(float[][] rows) {
        int cols = rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * cols, cols);
        }
        return out;
    }

    /**
     * One epoch over {@code x}/{@code targets} in a shuffled order. Targets are class indices (classification)
     * or values (regression). Returns the mean training loss and accuracy seen during the epoch.
     */
    public Metrics epoch(float[][] x, double[] targets) {
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int h = config.hidden();
        int batch = config.batchSize();
        // The first layer is done a whole mini-batch at a time, so W1 (inputs x hidden, 512 kB for 1280 x 100) is
        // streamed once per batch instead of once per example, and its backward pass is fused with its Adam
        // update. Every sum adds the same terms in the same order as example-at-a-time, so the weights are
        // bit-identical.
        float[][] xs = new float[batch][inputs]; // standardised inputs of each example of the batch
        float[][] z1 = new float[batch][h]; // pre-activations, then dz1, of each example of the batch
        float[] g = new float[h]; // one row of W1's gradient
        float[] xtBlock = new float[ROWS_PER_BLOCK * batch];
        float[] out = new float[outputs];
        float[] dz2 = new float[outputs];
        double lossSum = 0;
        int correct = 0;
        float[] b1 = params[1][0];
        float[] w2 = params[2][0];
        float[] b2 = params[3][0];
        float[] gb1 = grads[1][0];
        float[] gw2 = grads[2][0];
        float[] gb2 = grads[3][0];
        for (int start = 0; start < n; start += batch) {
                        int count = Math.min(n, start + batch) - start;
            float inv = 1f / count;
            forward(x, order, start, 0, count, xs, z1);
            // the small output layer, loss and backward to dz1, example by example in order
            for (int b = 0; b < count; b++) {
                double target = targets[order[start + b]];
                float[] z = z1[b];
                System.arraycopy(b2, 0, out, 0, outputs);
                for (int j = 0; j < h; j++) {
                    float hj = z[j] > 0 ? z[j] : 0f;
                    int r = j * outputs;
                    for (int k = 0; k < outputs; k++) {
                        out[k] += hj * w2[r + k];
                    }
                }
                if (softmax) {
                    Softmax.inPlace(out);
                    int y = (int) target;
                    lossSum += -Math.log(Math.max(out[y], 1e-12f));
                    int best = 0;
                    for (int k = 1; k < outputs; k++) {
                        if (out[k] > out[best]) {
                            best = k;
                        }
                    }
                    if (best == y) {
                        correct++;
                    }
                    for (int k = 0; k < outputs; k++) {
                        dz2[k] = (out[k] - (k == y ? 1f : 0f)) * inv;
                    }
                } else {
                    float err = out[0] - (float) target;
                    lossSum += (double) err * err;
                    dz2[0] = 2f * err * inv;
                }
                for (int k = 0; k < outputs; k++) {
                    gb2[k] += dz2[k];
                }
                for (int j = 0; j < h; j++) {
                    float hj = z[j];
                    if (hj <= 0) {
                        z[j] = 0f;
                        continue;
                    }
                    int r = j * outputs;
                    float dh = 0f;
                    for (int k = 0; k < outputs; k++) {
                        gw2[r + k] += hj * dz2[k];
                        dh += w2[r + k] * dz2[k];
                    }
                    z[j] = dh; // from here on z1 holds dz1
                }
                for (int j = 0; j < h; j++) {
                    gb1[j] += z[j];
                }
            }
            step++;
            // Adam with beta1 0.9, beta2 0.999; bias correction folded into the step size.
            float corr = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(0.999, step))
                    / (1 - Math.pow(0.9, step)));
            float wd = (float) config.weightDecay();
            adam(b1, gb1, m[1][0], v[1][0], corr);
            adamDecay(w2, gw2, m[2][0], v[2][0], corr, wd);
            adam(b2, gb2, m[3][0], v[3][0], corr);
            // W1's gradient row by row, each row updated as soon as it is complete (the backward pass never reads
            // W1), so the gradient never leaves the cache
            for (int from = 0; from < inputs; from += ROWS_PER_BLOCK) {
                backwardAndUpdate(from, Math.min(inputs, from + ROWS_PER_BLOCK), count, xs, z1, g, xtBlock, corr, wd);
            }
        }
        return new Metrics(lossSum / n, softmax ? (double) correct / n : Double.NaN);
    }

    /** First layer forward for examples {@code from..to-1} of the batch into their rows of {@code z1}. */
    private void forward(float[][] x, int[] order, int first, int from, int to, float[][] xs, float[][] z1) {
        float[][] w1 = params[0];
        float[] b1 = params[1][0];
        int h = b1.length;
        for (int b = from; b < to; b++) {
            float[] row = x[order[first + b]];
            float[] s = xs[b];
            for (int i = 0; i < inputs; i++) {
                s[i] = (row[i] - mean[i]) * invStd[i];
            }
            System.arraycopy(b1, 0, z1[b], 0, h);
        }
        // four input rows per pass (same order of additions), for two examples at once so that each load of W1
        // serves both; blocks of 32 input rows (12.8 kB of W1 at 100 hidden) stay in L1 while every example uses
        // them
        int i4 = inputs - inputs % 4;
        int pairEnd = from + (to - from) / 2 * 2;
        for (int blockStart = 0; blockStart < i4; blockStart += 32) {
            int blockEnd = Math.min(i4, blockStart + 32);
            for (int b = from; b < pairEnd; b += 2) {
                float[] z = z1[b];
                float[] y = z1[b + 1];
                float[] s = xs[b];
                float[] t = xs[b + 1];
                for (int i = blockStart; i < blockEnd; i += 4) {
                    float xa = s[i];
                    float xb = s[i + 1];
                    float xc = s[i + 2];
                    float xd = s[i + 3];
                    float ya = t[i];
                    float yb = t[i + 1];
                    float yc = t[i + 2];
                    float yd = t[i + 3];
                    float[] wa = w1[i];
                    float[] wb = w1[i + 1];
                    float[] wc = w1[i + 2];
                    float[] wd = w1[i + 3];
                    for (int j = 0; j < h; j++) {
                        float a = wa[j];
                        float bb = wb[j];
                        float c = wc[j];
                        float d = wd[j];
                        z[j] = z[j] + xa * a + xb * bb + xc * c + xd * d;
                        y[j] = y[j] + ya * a + yb * bb + yc * c + yd * d;
                    }
                }
            }
            for (int b = pairEnd; b < to; b++) {
                float[] z = z1[b];
                float[] s = xs[b];
                for (int i = blockStart; i < blockEnd; i += 4) {
                    float xa = s[i];
                    float xb = s[i + 1];
                    float xc = s[i + 2];
                    float xd = s[i + 3];
                    float[] wa = w1[i];
                    float[] wb = w1[i + 1];
                    float[] wc = w1[i + 2];
                    float[] wd = w1[i + 3];
                    for (int j = 0; j < h; j++) {
                        z[j] = z[j] + xa * wa[j] + xb * wb[j] + xc * wc[j] + xd * wd[j];
                    }
                }
            }
        }
        for (int b = from; b < to; b++) {
            float[] z = z1[b];
            float[] s = xs[b];
            for (int i = i4; i < inputs; i++) {
                float xi = s[i];
                float[] w = w1[i];
                for (int j = 0; j < h; j++) {
                    z[j] += xi * w[j];
                }
            }
        }
    }

    /**
     * W1's gradient for input rows {@code from..to-1} (four examples per pass, same order of additions), each row
     * followed by its Adam update.
     */
    private void backwardAndUpdate(int from, int to, int count, float[][] xs, float[][] dz1, float[] g,
            float[] xt, float corr, float wd) {
        float[][] w1 = params[0];
        float[][] m1 = m[0];
        float[][] v1 = v[0];
        int h = g.length;
        // this block's inputs transposed, so each row reads its examples' values side by side
        for (int b = 0; b < count; b++) {
            float[] s = xs[b];
            for (int i = from; i < to; i++) {
                xt[(i - from) * count + b] = s[i];
            }
        }
        for (int i = from; i < to; i++) {
            gradientRow(g, xt, (i - from) * count, count, dz1);
            adamDecay(w1[i], g, m1[i], v1[i], corr, wd);
        }
    }

    /** Loss and accuracy of the current weights on a held-out set, without changing anything. */
    public Metrics evaluate(float[][] x, double[] targets) {
        Mlp net = snapshot();
        double lossSum = 0;
        int correct = 0;
        float[] hid = new float[config.hidden()];
        float[] out = new float[outputs];
        for (int i = 0; i < x.length; i++) {
            net.forward(x[i], hid, out);
            if (softmax) {
                int y = (int) targets[i];
                lossSum += -Math.log(Math.max(out[y], 1e-12f));
                int best = 0;
                for (int k = 1; k < outputs; k++) {
                    if (out[k] > out[best]) {
                        best = k;
                    }
                }
                correct += best == y ? 1 : 0;
            } else {
                double err = out[0] - targets[i];
                lossSum += err * err;
            }
        }
        return new Metrics(lossSum / x.length, softmax ? (double) correct / x.length : Double.NaN);
    }

    /** One row of W1's gradient into {@code g}, from its inputs at {@code xt[xi0..]}: four examples per pass. */
    private static void gradientRow(float[] g, float[] xt, int xi0, int count, float[][] dz1) {
        int h = g.length;
        int b4 = count - count % 4;
        java.util.Arrays.fill(g, 0f);
        for (int b = 0; b < b4; b += 4) {
            float xa = xt[xi0 + b];
            float xb = xt[xi0 + b + 1];
            float xc = xt[xi0 + b + 2];
            float xd = xt[xi0 + b + 3];
            float[] da = dz1[b];
            float[] db = dz1[b + 1];
            float[] dc = dz1[b + 2];
            float[] dd = dz1[b + 3];
            for (int j = 0; j < h; j++) {
                g[j] = g[j] + xa * da[j] + xb * db[j] + xc * dc[j] + xd * dd[j];
            }
        }
        for (int b = b4; b < count; b++) {
            float xi = xt[xi0 + b];
            float[] d = dz1[b];
            for (int j = 0; j < h; j++) {
                g[j] += xi * d[j];
            }
        }
    }

    // Two loops rather than one with a decay flag, so each is a plain loop the JIT vectorises. Both leave the
    // gradient zeroed, ready for the next batch's sums.
    private static void adamDecay(float[] w, float[] g, float[] mp, float[] vp, float corr, float wd) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + wd * w[i];
            mp[i] = 0.9f * mp[i] + 0.1f * gi;
            vp[i] = 0.999f * vp[i] + 0.001f * gi * gi;
            w[i] -= corr * mp[i] / ((float) Math.sqrt(vp[i]) + 1e-7f);
            g[i] = 0f;
        }
    }

    private static void adam(float[] w, float[] g, float[] mp, float[] vp, float corr) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            mp[i] = 0.9f * mp[i] + 0.1f * gi;
            vp[i] = 0.999f * vp[i] + 0.001f * gi * gi;
            w[i] -= corr * mp[i] / ((float) Math.sqrt(vp[i]) + 1e-7f);
            g[i] = 0f;
        }
    }
}
