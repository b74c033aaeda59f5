package io.github.mask4j.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {

    /**
     * The row-grouped forward pass against the plain one-input-at-a-time formula it replaced: same outputs bit
     * for bit, including inputs equal to their mean (standardised to zero, which the forward pass skips) and
     * input counts that are not multiples of four.
     */
    @Test
    void forwardMatchesOneInputAtATimeFormulaExactly() {
        int[][] shapes = {{1280, 100, 2}, {131, 13, 3}, {7, 5, 1}, {2, 3, 2}};
        SplittableRandom r = new SplittableRandom(5);
        for (int[] s : shapes) {
            int inputs = s[0];
            int hidden = s[1];
            int outputs = s[2];
            boolean softmax = outputs > 1;
            float[] mean = values(r, inputs, 1);
            float[] invStd = values(r, inputs, 3);
            Mlp net = new Mlp(inputs, hidden, outputs, softmax, mean, invStd, values(r, inputs * hidden, 0.2),
                    values(r, hidden, 0.1), values(r, hidden * outputs, 0.3), values(r, outputs, 0.1));
            for (int q = 0; q < 20; q++) {
                float[] x = values(r, inputs, 2);
                // every fifth query has runs of inputs at their mean, so some groups of four are partly zero
                for (int i = 0; q % 5 == 0 && i < inputs; i++) {
                    if (r.nextInt(3) == 0) {
                        x[i] = mean[i];
                    }
                }
                assertThat(net.predict(x)).as("shape %s, query %d", java.util.Arrays.toString(s), q)
                        .containsExactly(reference(net, x));
            }
        }
    }

    /** The forward pass as first written, over the flat row-major W1. */
    private static float[] reference(Mlp net, float[] x) {
        float[] h = new float[net.hidden];
        float[] out = new float[net.outputs];
        System.arraycopy(net.b1, 0, h, 0, net.hidden);
        for (int i = 0; i < net.inputs; i++) {
            float xi = (x[i] - net.mean[i]) * net.invStd[i];
            if (xi == 0f) {
                continue;
            }
            int row = i * net.hidden;
            for (int j = 0; j < net.hidden; j++) {
                h[j] += xi * net.w1[row + j];
            }
        }
        for (int j = 0; j < net.hidden; j++) {
            if (h[j] < 0f) {
                h[j] = 0f;
            }
        }
        System.arraycopy(net.b2, 0, out, 0, net.outputs);
        for (int j = 0; j < net.hidden; j++) {
            float hj = h[j];
            if (hj == 0f) {
                continue;
            }
            int row = j * net.outputs;
            for (int k = 0; k < net.outputs; k++) {
                out[k] += hj * net.w2[row + k];
            }
        }
        if (net.softmax) {
            Softmax.inPlace(out);
        }
        return out;
    }

    private static float[] values(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }
}
