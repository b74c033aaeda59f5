package io.github.mask4j;

/**
 * A model could not be found, downloaded, verified or loaded: missing file (the message says which file to put
 * where), checksum mismatch, or a file that is not a usable ONNX image classifier.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ModelUnavailableException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
