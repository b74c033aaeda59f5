package io.github.mask4j.internal.nn;

import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.util.ArrayList;
import java.util.List;

/**
 * One classifier training: the validation split is drawn over the original examples (an example's augmented
 * copies go wherever it goes, so none leaks into validation), the head is trained on the rest with their copies,
 * the temperature is fitted on the validation examples, and then, with a validation split, the head is trained
 * again on every example and copy for as many epochs as the first run took, so the split costs no training data.
 * Stateless and thread-safe; each call trains on its own data.
 */
public final class ClassifierTraining {
    /** The trained head, its temperature and the report of the first (reported) run. */
    public record Result(Mlp network, double temperature, TrainingReport report) {}

    private ClassifierTraining() {}

    /**
     * @param x the original examples' embeddings
     * @param copies per example, the embeddings of its augmented copies (may be empty)
     * @param y class index per example
     */
    public static Result run(float[][] x, float[][][] copies, int[] y, int classes, TrainingOptions options,
            TrainingListener listener) {
        double[] targets = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            targets[i] = y[i];
        }
        int[][] split = TrainingLoop.split(targets, classes, options.validationSplit(), options.seed());
        List<float[]> trainX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>();
        withCopies(split[0], x, copies, y, trainX, trainY);
        float[][] valX = TrainingLoop.pick(x, split[1]);
        double[] valY = new double[split[1].length];
        int[] valTruth = new int[split[1].length];
        for (int i = 0; i < valY.length; i++) {
            valTruth[i] = y[split[1][i]];
            valY[i] = valTruth[i];
        }
        TrainingLoop.Result first = TrainingLoop.run(trainX.toArray(new float[0][]),
                trainY.stream().mapToDouble(Double::doubleValue).toArray(), valX, valY, classes, options, listener);
        if (valX.length == 0) {
            return new Result(first.network(), 1.0, first.report());
        }
        float[][] valP = new float[valX.length][];
        for (int i = 0; i < valX.length; i++) {
            valP[i] = first.network().predict(valX[i]);
        }
        double temperature = Calibration.fit(valP, valTruth);
        int epochs = epochsToRepeat(first.report());
        if (epochs == 0) {
            return new Result(first.network(), temperature, first.report());
        }
        List<float[]> allX = new ArrayList<>();
        List<Double> allY = new ArrayList<>();
        int[] every = new int[x.length];
        for (int i = 0; i < every.length; i++) {
            every[i] = i;
        }
        withCopies(every, x, copies, y, allX, allY);
        TrainingOptions again = options.toBuilder().epochs(epochs).validationSplit(0).earlyStopping(0).build();
        TrainingLoop.Result second = TrainingLoop.run(allX.toArray(new float[0][]),
                allY.stream().mapToDouble(Double::doubleValue).toArray(), new float[0][], new double[0], classes,
                again, TrainingListener.none());
        return new Result(second.network(), temperature, first.report());
    }

    /** Epochs of the first run worth repeating on all data: 0 when it was stopped or diverged. */
    private static int epochsToRepeat(TrainingReport report) {
        String reason = report.stopReason();
        if ("completed".equals(reason)) {
            return report.epochs().size();
        }
        if ("early stopping".equals(reason)) {
            // the restored weights are those of the best epoch, patience epochs before the last
            return Math.max(1, report.epochs().size() - report.options().earlyStoppingPatience());
        }
        return 0;
    }

    private static void withCopies(int[] idx, float[][] x, float[][][] copies, int[] y, List<float[]> outX,
            List<Double> outY) {
        for (int i : idx) {
            outX.add(x[i]);
            outY.add((double) y[i]);
            for (float[] c : copies[i]) {
                outX.add(c);
                outY.add((double) y[i]);
            }
        }
    }
}
