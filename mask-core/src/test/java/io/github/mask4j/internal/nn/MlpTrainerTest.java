package io.github.mask4j.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTrainerTest {

    /** Shapes that exercise every remainder path: inputs and batch not multiples of 4, a short last batch. */
    @Test
    void blockedTrainerMatchesExampleAtATimeReferenceBitForBit() {
        int[][] shapes = {
            // examples, inputs, classes (1 = regression), batch size, hidden
            {203, 256, 3, 16, 100},
            {57, 131, 2, 7, 13},
            {40, 64, 1, 5, 9},
            {33, 1280, 2, 16, 100},
        };
        for (int[] s : shapes) {
            float[][] x = data(s[0], s[1], s[2], 11);
            double[] y = targets(s[0], s[2], 12);
            boolean softmax = s[2] > 1;
            MlpTrainer.Config config = new MlpTrainer.Config(s[4], 3, s[3], 1e-3, 1e-4, 42);
            MlpTrainer blocked = new MlpTrainer(config, x, softmax ? s[2] : 1, softmax);
            ExampleAtATimeTrainer reference = new ExampleAtATimeTrainer(config, x, softmax ? s[2] : 1, softmax);
            for (int epoch = 0; epoch < 3; epoch++) {
                MlpTrainer.Metrics a = blocked.epoch(x, y);
                MlpTrainer.Metrics b = reference.epoch(x, y);
                assertThat(a.loss()).as("loss, shape %s", java.util.Arrays.toString(s)).isEqualTo(b.loss());
            }
            float[][] got = blocked.snapshot().tensors();
            float[][] want = reference.snapshot().tensors();
            for (int t = 0; t < got.length; t++) {
                assertThat(got[t]).as("%s, shape %s", Mlp.TENSOR_NAMES[t], java.util.Arrays.toString(s))
                        .containsExactly(want[t]);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndTrainingLearns() {
        float[][] x = data(120, 200, 2, 3);
        double[] y = targets(120, 2, 4);
        MlpTrainer.Config config = new MlpTrainer.Config(32, 10, 16, 1e-3, 1e-4, 7);
        MlpTrainer first = new MlpTrainer(config, x, 2, true);
        MlpTrainer second = new MlpTrainer(config, x, 2, true);
        double firstLoss = first.epoch(x, y).loss();
        double lastLoss = firstLoss;
        for (int e = 1; e < 10; e++) {
            lastLoss = first.epoch(x, y).loss();
        }
        for (int e = 0; e < 10; e++) {
            second.epoch(x, y);
        }
        float[][] a = first.snapshot().tensors();
        float[][] b = second.snapshot().tensors();
        for (int t = 0; t < a.length; t++) {
            assertThat(a[t]).containsExactly(b[t]);
        }
        assertThat(lastLoss).isLessThan(firstLoss);
        assertThat(first.evaluate(x, y).accuracy()).isGreaterThan(0.9);
    }

    /** Non-negative features (like pooled ReLU activations) whose mean depends on the class of the row. */
    private static float[][] data(int n, int d, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = targets(n, classes, seed + 1);
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double shift = classes > 1 ? ((int) y[i] == j % classes ? 0.8 : 0) : y[i] * (j % 3);
                x[i][j] = (float) Math.max(0, r.nextDouble() * 2 - 0.5 + shift);
            }
        }
        return x;
    }

    private static double[] targets(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = classes > 1 ? i % classes : r.nextDouble();
        }
        return y;
    }
}
