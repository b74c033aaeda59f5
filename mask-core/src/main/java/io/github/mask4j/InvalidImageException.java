package io.github.mask4j;

/**
 * An image could not be used: unreadable, empty, truncated, of an unsupported format, or a raw frame whose
 * size, stride or buffer length do not agree. The message names the image's source.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class InvalidImageException extends Mask4jException {
    private static final long serialVersionUID = 1L;
    private final String source;

    public InvalidImageException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public InvalidImageException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** Where the image came from (a path, a caller-given name, or a description of the frame). */
    public String source() {
        return source;
    }
}
