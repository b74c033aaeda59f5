package io.github.mask4j.internal.nn;

import java.util.SplittableRandom;

/**
 * The trainer as first written, one example at a time over flat weight arrays: the reference that the
 * mini-batch-blocked {@link MlpTrainer} must match bit for bit. Test only; not thread-safe.
 */
final class ExampleAtATimeTrainer {
    /** Hyper-parameters. */
    

    /** Figures of one pass. */
    

    private final MlpTrainer.Config config;
    private final int inputs;
    private final int outputs;
    private final boolean softmax;
    private final float[] mean;
    private final float[] invStd;
    private final float[][] params;
    private final float[][] grads;
    private final float[][] m;
    private final float[][] v;
    private final SplittableRandom random;
    private long step;

    /**
     * @param x training features (n rows)
     * @param outputs number of classes, or 1 for regression
     */
    ExampleAtATimeTrainer(MlpTrainer.Config config, float[][] x, int outputs, boolean softmax) {
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
        params = new float[][] {w1, new float[h], w2, new float[outputs]};
        grads = new float[params.length][];
        m = new float[params.length][];
        v = new float[params.length][];
        for (int p = 0; p < params.length; p++) {
            grads[p] = new float[params[p].length];
            m[p] = new float[params[p].length];
            v[p] = new float[params[p].length];
        }
    }

    private static void standardisation(float[][] x, float[] mean, float[] invStd) {
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
        return new Mlp(inputs, config.hidden(), outputs, softmax, mean.clone(), invStd.clone(), params[0].clone(),
                params[1].clone(), params[2].clone(), params[3].clone());
    }

    /**
     * One epoch over {@code x}/{@code targets} in a shuffled order. Targets are class indices (classification)
     * or values (regression). Returns the mean training loss and accuracy seen during the epoch.
     */
    public MlpTrainer.Metrics epoch(float[][] x, double[] targets) {
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
        float[] xs = new float[inputs];
        float[] z1 = new float[h];
        float[] out = new float[outputs];
        float[] dz2 = new float[outputs];
        float[] dz1 = new float[h];
        double lossSum = 0;
        int correct = 0;
        float[] w1 = params[0];
        float[] b1 = params[1];
        float[] w2 = params[2];
        float[] b2 = params[3];
        for (int start = 0; start < n; start += config.batchSize()) {
            int end = Math.min(n, start + config.batchSize());
            for (float[] g : grads) {
                java.util.Arrays.fill(g, 0f);
            }
            float inv = 1f / (end - start);
            for (int b = start; b < end; b++) {
                float[] row = x[order[b]];
                double target = targets[order[b]];
                for (int i = 0; i < inputs; i++) {
                    xs[i] = (row[i] - mean[i]) * invStd[i];
                }
                // forward
                System.arraycopy(b1, 0, z1, 0, h);
                for (int i = 0; i < inputs; i++) {
                    float xi = xs[i];
                    int r = i * h;
                    for (int j = 0; j < h; j++) {
                        z1[j] += xi * w1[r + j];
                    }
                }
                System.arraycopy(b2, 0, out, 0, outputs);
                for (int j = 0; j < h; j++) {
                    float hj = z1[j] > 0 ? z1[j] : 0f;
                    int r = j * outputs;
                    for (int k = 0; k < outputs; k++) {
                        out[k] += hj * w2[r + k];
                    }
                }
                // loss and output gradient
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
                // backward: output layer, then hidden
                float[] gw2 = grads[2];
                float[] gb2 = grads[3];
                for (int k = 0; k < outputs; k++) {
                    gb2[k] += dz2[k];
                }
                for (int j = 0; j < h; j++) {
                    if (z1[j] <= 0) {
                        dz1[j] = 0f;
                        continue;
                    }
                    float hj = z1[j];
                    int r = j * outputs;
                    float dh = 0f;
                    for (int k = 0; k < outputs; k++) {
                        gw2[r + k] += hj * dz2[k];
                        dh += w2[r + k] * dz2[k];
                    }
                    dz1[j] = dh;
                }
                float[] gw1 = grads[0];
                float[] gb1 = grads[1];
                for (int j = 0; j < h; j++) {
                    gb1[j] += dz1[j];
                }
                for (int i = 0; i < inputs; i++) {
                    float xi = xs[i];
                    int r = i * h;
                    for (int j = 0; j < h; j++) {
                        gw1[r + j] += xi * dz1[j];
                    }
                }
            }
            adam();
        }
        return new MlpTrainer.Metrics(lossSum / n, softmax ? (double) correct / n : Double.NaN);
    }

    /** Loss and accuracy of the current weights on a held-out set, without changing anything. */
    public MlpTrainer.Metrics evaluate(float[][] x, double[] targets) {
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
        return new MlpTrainer.Metrics(lossSum / x.length, softmax ? (double) correct / x.length : Double.NaN);
    }

    private void adam() {
        step++;
        double lr = config.learningRate();
        double b1 = 0.9;
        double b2 = 0.999;
        float corr = (float) (lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step)));
        float wd = (float) config.weightDecay();
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            float[] mp = m[p];
            float[] vp = v[p];
            boolean decay = p == 0 || p == 2; // kernels only, not biases
            for (int i = 0; i < w.length; i++) {
                float gi = decay ? g[i] + wd * w[i] : g[i];
                mp[i] = 0.9f * mp[i] + 0.1f * gi;
                vp[i] = 0.999f * vp[i] + 0.001f * gi * gi;
                w[i] -= corr * mp[i] / ((float) Math.sqrt(vp[i]) + 1e-7f);
            }
        }
    }
}
