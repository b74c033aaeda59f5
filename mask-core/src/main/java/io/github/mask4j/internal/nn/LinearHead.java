package io.github.mask4j.internal.nn;

import java.util.SplittableRandom;

/**
 * A linear softmax classifier over standardised features, {@code softmax(((x - mean) / std) W + b)}, trained by
 * full-batch Adam on cross-entropy plus an L2 penalty on {@code W}. With few examples from few sources it
 * cannot bend around one source's quirks the way a hidden layer can. Immutable and thread-safe once built.
 */
public final class LinearHead {
    private static final int STEPS = 150;
    private static final double LEARNING_RATE = 0.02;

    private final int inputs;
    private final int outputs;
    private final float[] mean;
    private final float[] invStd;
    private final float[] w;
    private final float[] b;

    public LinearHead(int inputs, int outputs, float[] mean, float[] invStd, float[] w, float[] b) {
        if (mean.length != inputs || invStd.length != inputs || w.length != inputs * outputs || b.length != outputs) {
            throw new IllegalArgumentException("linear head tensors do not match " + inputs + " x " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.mean = mean;
        this.invStd = invStd;
        this.w = w;
        this.b = b;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public static final String[] TENSOR_NAMES = {"input_mean", "input_inv_std", "kernel", "bias"};

    public float[][] tensors() {
        return new float[][] {mean, invStd, w, b};
    }

    public int[][] tensorShapes() {
        return new int[][] {{inputs}, {inputs}, {inputs, outputs}, {outputs}};
    }

    /** Trains on {@code x} with class indices {@code y}; {@code l2} weighs the mean squared weight. */
    public static LinearHead train(float[][] x, int[] y, int classes, double l2, long seed) {
        int d = x[0].length;
        int n = x.length;
        float[] mean = new float[d];
        float[] invStd = new float[d];
        MlpTrainer.standardisation(x, mean, invStd);
        float[][] z = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) * invStd[j];
            }
        }
        float[] w = new float[d * classes];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() - 0.5) * 1e-3);
        }
        float[] b = new float[classes];
        float[] gw = new float[w.length];
        float[] gb = new float[classes];
        float[] mw = new float[w.length];
        float[] vw = new float[w.length];
        float[] mb = new float[classes];
        float[] vb = new float[classes];
        float[] p = new float[classes];
        for (int step = 1; step <= STEPS; step++) {
            java.util.Arrays.fill(gw, 0f);
            java.util.Arrays.fill(gb, 0f);
            for (int i = 0; i < n; i++) {
                logits(z[i], w, b, classes, p);
                Softmax.inPlace(p);
                p[y[i]] -= 1f;
                for (int j = 0; j < d; j++) {
                    float zj = z[i][j];
                    int row = j * classes;
                    for (int k = 0; k < classes; k++) {
                        gw[row + k] += zj * p[k];
                    }
                }
                for (int k = 0; k < classes; k++) {
                    gb[k] += p[k];
                }
            }
            for (int i = 0; i < w.length; i++) {
                gw[i] = gw[i] / n + (float) (2 * l2 * w[i]);
            }
            for (int k = 0; k < classes; k++) {
                gb[k] /= n;
            }
            adam(w, gw, mw, vw, step);
            adam(b, gb, mb, vb, step);
        }
        return new LinearHead(d, classes, mean, invStd, w, b);
    }

    private static void adam(float[] w, float[] g, float[] m, float[] v, int step) {
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (int i = 0; i < w.length; i++) {
            m[i] = 0.9f * m[i] + 0.1f * g[i];
            v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
            w[i] -= (float) (LEARNING_RATE * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }

    private static void logits(float[] z, float[] w, float[] b, int classes, float[] out) {
        System.arraycopy(b, 0, out, 0, classes);
        for (int j = 0; j < z.length; j++) {
            float zj = z[j];
            int row = j * classes;
            for (int k = 0; k < classes; k++) {
                out[k] += zj * w[row + k];
            }
        }
    }

    /** Class probabilities for one feature vector. */
    public float[] predict(float[] x) {
        float[] z = new float[inputs];
        for (int j = 0; j < inputs; j++) {
            z[j] = (x[j] - mean[j]) * invStd[j];
        }
        float[] out = new float[outputs];
        logits(z, w, b, outputs, out);
        Softmax.inPlace(out);
        return out;
    }
}
