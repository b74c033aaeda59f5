package io.github.mask4j.training;

/**
 * Receives the figures of each epoch as training goes; may stop it through the {@link TrainingControl}.
 * Called on the training thread; implementations need not be thread-safe unless shared between trainings.
 *
 * <pre>{@code
 * classifier.train(options, (epoch, control) -> {
 *     log.info("epoch {} loss {}", epoch.epoch(), epoch.loss());
 *     if (epoch.loss() < 0.01) control.stop("good enough");
 * });
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochResult epoch, TrainingControl control);

    /**
     * Called before the epochs while augmented copies are embedded (see {@link TrainingOptions#augmentCopies()}),
     * after each batch: {@code done} of {@code total} copies embedded. Does nothing by default.
     */
    default void onAugmenting(int done, int total) {
    }

    /** A listener that does nothing. */
    static TrainingListener none() {
        return (epoch, control) -> { };
    }
}
