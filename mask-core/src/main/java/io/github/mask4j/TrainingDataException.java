package io.github.mask4j;

/**
 * The examples cannot be trained on or evaluated: fewer than two labels, a label with no example, an embedding
 * of the wrong dimension, or a non-finite value; and, as its subclass {@link NotTrainedException}, an operation
 * that needs a trained model before training.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class TrainingDataException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public TrainingDataException(String message) {
        super(message);
    }
}
