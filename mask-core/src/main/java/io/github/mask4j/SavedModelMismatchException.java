package io.github.mask4j;

/**
 * A saved or exported model was read but does not fit where it is used: it was trained on another base model (or
 * a base model whose feature dimension differs), or it is a model of another task (a regressor loaded as a
 * classifier, for instance). The message names both sides.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class SavedModelMismatchException extends SavedModelException {
    private static final long serialVersionUID = 1L;

    public SavedModelMismatchException(String message) {
        super(message);
    }
}
