package io.github.mask4j.file;

import java.io.IOException;
import java.time.Duration;

/** A {@link StreamCopy} source sent nothing for its stall timeout and was abandoned. */
public final class StalledStreamException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Duration stall;
    private final long bytes;

    public StalledStreamException(Duration stall, long bytes, Throwable cause) {
        super("no data for " + stall.toMillis() + " ms after " + bytes + " bytes; the transfer was abandoned", cause);
        this.stall = stall;
        this.bytes = bytes;
    }

    /** How long the source sent nothing before it was abandoned. */
    public Duration stall() {
        return stall;
    }

    /** Bytes copied before the source stalled. */
    public long bytes() {
        return bytes;
    }
}
