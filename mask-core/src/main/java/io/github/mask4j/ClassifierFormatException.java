package io.github.mask4j;

/**
 * A saved classifier or regressor could not be loaded: missing or corrupt files, an unknown format version,
 * weights whose size or checksum does not match the JSON document, or a model saved on a different base model
 * than the one it is being loaded onto (the message names both).
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ClassifierFormatException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public ClassifierFormatException(String message) {
        super(message);
    }

    public ClassifierFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
