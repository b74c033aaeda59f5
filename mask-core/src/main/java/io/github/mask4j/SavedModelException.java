package io.github.mask4j;

/**
 * A saved or exported model could not be read: missing or corrupt files, an unknown format version, weights whose
 * size or checksum does not match the JSON document, or metadata mask4j did not write. The message names the file
 * and what was wrong. {@link SavedModelMismatchException}, a subclass, is a readable model that does not fit.
 *
 * <p>It extends the deprecated {@link ClassifierFormatException} only so that existing {@code catch} blocks keep
 * catching it; catch this class in new code.
 *
 * <p>Instances are immutable and thread-safe.
 */
@SuppressWarnings("deprecation")
public class SavedModelException extends ClassifierFormatException {
    private static final long serialVersionUID = 1L;

    public SavedModelException(String message) {
        super(message);
    }

    public SavedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
