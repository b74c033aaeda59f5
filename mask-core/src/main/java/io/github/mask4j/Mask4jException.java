package io.github.mask4j;

/**
 * Root of mask4j's exception tree; every error the library raises on purpose is one of its subclasses, so
 * callers can catch this one type. Unchecked, like DJL's and Jackson's runtime errors, because most callers
 * cannot recover from a bad model or image any better than by reporting it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class Mask4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Mask4jException(String message) {
        super(message);
    }

    public Mask4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
