package io.github.mask4j.training;

/**
 * Figures of one training epoch, handed to a {@link TrainingListener} and kept in the {@link TrainingReport}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epoch 1-based epoch number
 * @param epochs planned number of epochs
 * @param loss mean training loss (cross-entropy, or squared error for regression)
 * @param accuracy training accuracy seen during the epoch (null for regression)
 * @param validationLoss loss on the held-out examples (null without a validation split)
 * @param validationAccuracy accuracy on the held-out examples (null without a validation split, or for regression)
 * @param millis time the epoch took
 */
public record EpochResult(int epoch, int epochs, double loss, Double accuracy, Double validationLoss,
        Double validationAccuracy, long millis) {

    public boolean hasValidation() {
        return validationLoss != null;
    }
}
