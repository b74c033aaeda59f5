package io.github.mask4j;

/**
 * A classifier or regressor was asked to predict, evaluate, save or export before it was trained (or loaded).
 * Call {@code train()} first, or check {@code isTrained()}.
 *
 * <p>It is a {@link TrainingDataException}, as this error was before it had its own name, so existing
 * {@code catch} blocks keep catching it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class NotTrainedException extends TrainingDataException {
    private static final long serialVersionUID = 1L;

    public NotTrainedException(String message) {
        super(message);
    }
}
