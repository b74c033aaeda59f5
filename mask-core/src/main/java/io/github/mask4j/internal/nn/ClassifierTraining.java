package io.github.mask4j.internal.nn;

import io.github.mask4j.training.StopReason;
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
    /** Which head to fit. */
    public enum Kind {
        NETWORK,
        LINEAR,
        /** k-NN over the original examples (their copies are not used: on few examples they blur the votes). */
        KNN
    }

    /** The trained head (one of network, linear, knn), its temperature and the report of the first run. */
    public record Result(Mlp network, LinearHead linear, Knn knn, double temperature, TrainingReport report) {
        float[] predict(float[] x) {
            return network != null ? network.predict(x) : linear != null ? linear.predict(x) : knn.predict(x);
        }
    }

    /** L2 weight of the linear head, chosen on the leave-one-source-out proxy. */
    static final double LINEAR_L2 = 0.01;

    private ClassifierTraining() {}

    /**
     * @param x the original examples' embeddings
     * @param copies per example, the embeddings of its augmented copies (may be empty)
     * @param y class index per example
     */
    public static Result run(float[][] x, float[][][] copies, int[] y, int classes, TrainingOptions options,
            TrainingListener listener, Kind kind, int k) {
        if (kind == Kind.KNN) {
            copies = new float[x.length][0][];
        }
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
        Result first = kind == Kind.LINEAR ? linear(trainX, trainY, valX.length, classes, options)
                : kind == Kind.KNN ? knn(trainX, trainY, valX.length, classes, options, k)
                : network(TrainingLoop.run(trainX.toArray(new float[0][]),
                        trainY.stream().mapToDouble(Double::doubleValue).toArray(), valX, valY, classes, options,
                        listener));
        if (valX.length == 0) {
            return first;
        }
        float[][] valP = new float[valX.length][];
        for (int i = 0; i < valX.length; i++) {
            valP[i] = first.predict(valX[i]);
        }
        double temperature = Calibration.fit(valP, valTruth);
        int epochs = kind != Kind.NETWORK ? 1 : epochsToRepeat(first.report());
        if (epochs == 0) {
            return new Result(first.network(), null, null, temperature, first.report());
        }
        List<float[]> allX = new ArrayList<>();
        List<Double> allY = new ArrayList<>();
        int[] every = new int[x.length];
        for (int i = 0; i < every.length; i++) {
            every[i] = i;
        }
        withCopies(every, x, copies, y, allX, allY);
        if (kind == Kind.LINEAR) {
            return new Result(null, linear(allX, allY, 0, classes, options).linear(), null, temperature,
                    first.report());
        }
        if (kind == Kind.KNN) {
            return new Result(null, null, knn(allX, allY, 0, classes, options, k).knn(), temperature, first.report());
        }
        TrainingOptions again = options.toBuilder().epochs(epochs).validationSplit(0).earlyStopping(0).build();
        TrainingLoop.Result second = TrainingLoop.run(allX.toArray(new float[0][]),
                allY.stream().mapToDouble(Double::doubleValue).toArray(), new float[0][], new double[0], classes,
                again, TrainingListener.none());
        return new Result(second.network(), null, null, temperature, first.report());
    }

    private static Result network(TrainingLoop.Result r) {
        return new Result(r.network(), null, null, 1.0, r.report());
    }

    /** A linear head (no epochs to report: it is fitted in full-batch steps). */
    private static Result linear(List<float[]> x, List<Double> y, int held, int classes, TrainingOptions options) {
        long started = System.nanoTime();
        LinearHead head = LinearHead.train(x.toArray(new float[0][]), y.stream().mapToInt(Double::intValue).toArray(),
                classes, LINEAR_L2, options.seed());
        return new Result(null, head, null, 1.0, new TrainingReport(options, List.of(), x.size(), held,
                StopReason.LINEAR_HEAD, StopReason.LINEAR_HEAD.text(), (System.nanoTime() - started) / 1_000_000));
    }

    private static Result knn(List<float[]> x, List<Double> y, int held, int classes, TrainingOptions options,
            int k) {
        Knn knn = new Knn(k, x.toArray(new float[0][]), y.stream().mapToInt(Double::intValue).toArray(), classes);
        return new Result(null, null, knn, 1.0, new TrainingReport(options, List.of(), x.size(), held,
                StopReason.NEAREST_NEIGHBOURS,
                StopReason.NEAREST_NEIGHBOURS.text() + " (" + k + " neighbours): few examples per label", 0));
    }

    /** Epochs of the first run worth repeating on all data: 0 when it was stopped or diverged. */
    private static int epochsToRepeat(TrainingReport report) {
        return switch (report.stop()) {
            case COMPLETED -> report.epochs().size();
            // the restored weights are those of the best epoch, patience epochs before the last
            case EARLY_STOPPING -> Math.max(1, report.epochs().size() - report.options().earlyStoppingPatience());
            case DIVERGED, STOPPED, LINEAR_HEAD, NEAREST_NEIGHBOURS -> 0;
        };
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
