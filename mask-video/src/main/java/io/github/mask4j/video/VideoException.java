package io.github.mask4j.video;

import io.github.mask4j.Mask4jException;
import java.nio.file.Path;

/**
 * A video file could not be opened, decoded or written; the message names the file and what went wrong.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class VideoException extends Mask4jException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public VideoException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public VideoException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
