package io.github.mask4j.training;

import java.util.List;

/**
 * What a training run did: the options, every epoch's figures, and why it ended.
 *
 * <p>Immutable and thread-safe.
 *
 * @param options the options used
 * @param epochs one entry per finished epoch
 * @param trainingExamples examples trained on, augmented copies included
 * @param validationExamples examples held out
 * @param stopReason {@code "completed"}, {@code "early stopping"} or the listener's reason
 * @param millis wall time of the whole run
 */
public record TrainingReport(TrainingOptions options, List<EpochResult> epochs, int trainingExamples,
        int validationExamples, String stopReason, long millis) {

    public TrainingReport {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's figures. */
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }

    public double finalLoss() {
        return last().loss();
    }
}
