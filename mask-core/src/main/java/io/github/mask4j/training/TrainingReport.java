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
 * @param stop why the run ended, as a value to switch on
 * @param stopReason the same in words, with details: {@code "completed"}, {@code "early stopping"}, the loss that
 *     diverged, or the listener's reason
 * @param millis wall time of the whole run
 */
public record TrainingReport(TrainingOptions options, List<EpochResult> epochs, int trainingExamples,
        int validationExamples, StopReason stop, String stopReason, long millis) {

    public TrainingReport {
        epochs = List.copyOf(epochs);
        if (stopReason == null && stop != null) {
            stopReason = stop.text();
        }
        if (stop == null) {
            // a report saved before the reason was recorded as a value
            stop = StopReason.fromText(stopReason);
        }
    }

    /**
     * A report whose reason is known only by its words.
     *
     * @deprecated give the reason as a {@link StopReason} with
     *     {@link #TrainingReport(TrainingOptions, List, int, int, StopReason, String, long)}
     */
    @Deprecated(since = "0.1.0")
    public TrainingReport(TrainingOptions options, List<EpochResult> epochs, int trainingExamples,
            int validationExamples, String stopReason, long millis) {
        this(options, epochs, trainingExamples, validationExamples, StopReason.fromText(stopReason), stopReason,
                millis);
    }

    /** The last epoch's figures. */
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }

    public double finalLoss() {
        return last().loss();
    }
}
