package io.github.mask4j.internal.nn;

import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.StopReason;
import io.github.mask4j.training.TrainingControl;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs the epochs of one training: seeded validation split (stratified for classes), listener calls, early
 * stopping with the best weights restored, and the report. Shared by classifiers and regressors.
 * Stateless and thread-safe; each call trains on its own data.
 */
public final class TrainingLoop {
    /** The trained network and what happened. */
    public record Result(Mlp network, TrainingReport report) {}

    private TrainingLoop() {}

    /**
     * @param classes number of classes, or 0 for regression (targets are then values)
     */
    public static Result run(float[][] x, double[] targets, int classes, TrainingOptions options,
            TrainingListener listener) {
        int[][] split = split(targets, classes, options.validationSplit(), options.seed());
        return run(pick(x, split[0]), pick(targets, split[0]), pick(x, split[1]), pick(targets, split[1]), classes,
                options, listener);
    }

    /** Trains on {@code trainX} and reports on the given validation examples (none when empty). */
    public static Result run(float[][] trainX, double[] trainY, float[][] valX, double[] valY, int classes,
            TrainingOptions options, TrainingListener listener) {
        long started = System.nanoTime();
        boolean classify = classes > 0;
        MlpTrainer trainer = new MlpTrainer(new MlpTrainer.Config(options.hiddenUnits(), options.epochs(),
                options.batchSize(), options.learningRate(), options.weightDecay(), options.seed()), trainX,
                classify ? classes : 1, classify);
        TrainingControl control = new TrainingControl();
        List<EpochResult> epochs = new ArrayList<>();
        Mlp best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        StopReason stop = StopReason.COMPLETED;
        String reason = stop.text();
        for (int e = 1; e <= options.epochs(); e++) {
            long t0 = System.nanoTime();
            MlpTrainer.Metrics train = trainer.epoch(trainX, trainY);
            MlpTrainer.Metrics val = valX.length > 0 ? trainer.evaluate(valX, valY) : null;
            EpochResult result = new EpochResult(e, options.epochs(), train.loss(),
                    classify ? train.accuracy() : null, val == null ? null : val.loss(),
                    val == null || !classify ? null : val.accuracy(), (System.nanoTime() - t0) / 1_000_000);
            epochs.add(result);
            if (!Double.isFinite(train.loss())) {
                stop = StopReason.DIVERGED;
                reason = stop.text() + " (loss " + train.loss() + "); lower the learning rate";
                break;
            }
            listener.onEpoch(result, control);
            if (options.earlyStoppingPatience() > 0) {
                double watched = val != null ? val.loss() : train.loss();
                if (watched < bestLoss - 1e-6) {
                    bestLoss = watched;
                    best = trainer.snapshot();
                    sinceBest = 0;
                } else if (++sinceBest >= options.earlyStoppingPatience()) {
                    stop = StopReason.EARLY_STOPPING;
                    reason = stop.text();
                    break;
                }
            }
            if (control.isStopped()) {
                stop = StopReason.STOPPED;
                reason = control.stopReason();
                break;
            }
        }
        Mlp network = stop == StopReason.EARLY_STOPPING && best != null ? best : trainer.snapshot();
        TrainingReport report = new TrainingReport(options, epochs, trainX.length, valX.length, stop, reason,
                (System.nanoTime() - started) / 1_000_000);
        return new Result(network, report);
    }

    /** Indices of the training and validation examples. */
    public static int[][] split(double[] targets, int classes, double share, long seed) {
        int n = targets.length;
        if (share <= 0) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return new int[][] {all, new int[0]};
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        int groups = Math.max(1, classes);
        for (int g = 0; g < groups; g++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (classes == 0 || (int) targets[i] == g) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            // keep at least one training example of every class
            int held = (int) Math.min(Math.round(members.size() * share), Math.max(0, members.size() - 1));
            val.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        train.sort(null);
        val.sort(null);
        return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
            val.stream().mapToInt(Integer::intValue).toArray()};
    }

    static float[][] pick(float[][] x, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }

    private static double[] pick(double[] y, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }
}
