package io.github.mask4j.internal.nn;

/**
 * An immutable two-layer perceptron over standardised features: {@code x' = (x - mean) / std},
 * {@code h = relu(x' W1 + b1)}, {@code y = h W2 + b2}, then softmax (classification) or identity (regression).
 * Weights are row-major ({@code W1[i][j]} at {@code i * hidden + j}). Thread-safe: nothing changes after
 * construction and forward passes use caller-owned scratch space.
 */
public final class Mlp {
    final int inputs;
    final int hidden;
    final int outputs;
    final boolean softmax;
    final float[] mean;
    final float[] invStd;
    final float[] w1;
    // W1 again as one array per input row: the forward pass then indexes the arrays it combines with the same
    // index, which is what lets the JIT vectorise it
    private final float[][] w1Rows;
    final float[] b1;
    final float[] w2;
    final float[] b2;

    public Mlp(int inputs, int hidden, int outputs, boolean softmax, float[] mean, float[] invStd, float[] w1,
            float[] b1, float[] w2, float[] b2) {
        check(mean, inputs, "input mean");
        check(invStd, inputs, "input inverse std");
        check(w1, inputs * hidden, "W1");
        check(b1, hidden, "b1");
        check(w2, hidden * outputs, "W2");
        check(b2, outputs, "b2");
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.softmax = softmax;
        this.mean = mean;
        this.invStd = invStd;
        this.w1 = w1;
        this.w1Rows = new float[inputs][];
        for (int i = 0; i < inputs; i++) {
            w1Rows[i] = java.util.Arrays.copyOfRange(w1, i * hidden, (i + 1) * hidden);
        }
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    private static void check(float[] a, int expected, String name) {
        if (a.length != expected) {
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + expected);
        }
    }

    public int inputs() {
        return inputs;
    }

    public int hidden() {
        return hidden;
    }

    public int outputs() {
        return outputs;
    }

    public boolean isSoftmax() {
        return softmax;
    }

    /** Named tensors in file order, for saving. */
    public float[][] tensors() {
        return new float[][] {mean, invStd, w1, b1, w2, b2};
    }

    public static final String[] TENSOR_NAMES = {"input_mean", "input_inv_std", "dense1_kernel", "dense1_bias",
        "dense2_kernel", "dense2_bias"};

    public int[][] tensorShapes() {
        return new int[][] {{inputs}, {inputs}, {inputs, hidden}, {hidden}, {hidden, outputs}, {outputs}};
    }

    /** Outputs (probabilities for softmax heads) for one feature vector. */
    public float[] predict(float[] x) {
        float[] h = new float[hidden];
        float[] out = new float[outputs];
        forward(x, h, out);
        return out;
    }

    /** Forward pass into {@code h} (post-ReLU hidden) and {@code out}. */
    void forward(float[] x, float[] h, float[] out) {
        System.arraycopy(b1, 0, h, 0, hidden);
        // Input rows in order, four per pass where none of the four is zero: every h[j] adds the same non-zero
        // terms in the same order as one row at a time, so the outputs do not depend on the grouping.
        int i = 0;
        for (; i + 3 < inputs; i += 4) {
            float xa = (x[i] - mean[i]) * invStd[i];
            float xb = (x[i + 1] - mean[i + 1]) * invStd[i + 1];
            float xc = (x[i + 2] - mean[i + 2]) * invStd[i + 2];
            float xd = (x[i + 3] - mean[i + 3]) * invStd[i + 3];
            if (xa != 0f && xb != 0f && xc != 0f && xd != 0f) {
                float[] wa = w1Rows[i];
                float[] wb = w1Rows[i + 1];
                float[] wc = w1Rows[i + 2];
                float[] wd = w1Rows[i + 3];
                for (int j = 0; j < hidden; j++) {
                    h[j] = h[j] + xa * wa[j] + xb * wb[j] + xc * wc[j] + xd * wd[j];
                }
            } else {
                addRow(h, xa, w1Rows[i]);
                addRow(h, xb, w1Rows[i + 1]);
                addRow(h, xc, w1Rows[i + 2]);
                addRow(h, xd, w1Rows[i + 3]);
            }
        }
        for (; i < inputs; i++) {
            addRow(h, (x[i] - mean[i]) * invStd[i], w1Rows[i]);
        }
        for (int j = 0; j < hidden; j++) {
            if (h[j] < 0f) {
                h[j] = 0f;
            }
        }
        System.arraycopy(b2, 0, out, 0, outputs);
        for (int j = 0; j < hidden; j++) {
            float hj = h[j];
            if (hj == 0f) {
                continue;
            }
            int row = j * outputs;
            for (int k = 0; k < outputs; k++) {
                out[k] += hj * w2[row + k];
            }
        }
        if (softmax) {
            Softmax.inPlace(out);
        }
    }

    /** {@code h += xi * w}, skipping inputs that are exactly zero. */
    private static void addRow(float[] h, float xi, float[] w) {
        if (xi == 0f) {
            return;
        }
        for (int j = 0; j < w.length; j++) {
            h[j] += xi * w[j];
        }
    }
}
