package io.github.mask4j.kafka.codec;

import io.github.mask4j.Mask4jException;

/**
 * A record on the frames topic could not be decoded: not written by {@link FrameCodec}, written by a newer codec
 * version, truncated, or carrying a raw frame whose size and buffer disagree. The message says which record and
 * what was wrong.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class FrameRecordException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public FrameRecordException(String message) {
        super(message);
    }

    public FrameRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
