package io.github.mask4j;

/**
 * A saved classifier or regressor could not be loaded: missing or corrupt files, an unknown format version,
 * weights whose size or checksum does not match the JSON document, or a model saved on a different base model
 * than the one it is being loaded onto (the message names both).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @deprecated the name says less than it means (it covers regressors and exported models too): catch
 *     {@link SavedModelException}, which every saved-model error now is, or {@link SavedModelMismatchException}.
 */
@Deprecated(since = "0.1.0")
public class ClassifierFormatException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public ClassifierFormatException(String message) {
        super(message);
    }

    public ClassifierFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
