package io.github.mask4j.frame;

import java.time.Duration;
import java.util.Optional;

/**
 * A stream of frames from one or more tracks (a recording, a live relay, a camera, a video file): poll until it
 * says it has ended, then close. Sources own whatever they read from (sockets, decoders, temporary files), so
 * close them.
 *
 * <p>Implementations say whether they are thread-safe; the ones in mask4j allow one consumer thread polling
 * while producers add frames from others.
 */
public interface FrameSource extends AutoCloseable {
    /**
     * Waits up to {@code timeout} for the next frame.
     *
     * @return the frame, or empty when none came in time or the source has ended (see {@link #isFinished()})
     */
    Optional<Frame> next(Duration timeout) throws InterruptedException;

    /** True once no more frames will come. */
    boolean isFinished();

    /** Releases what the source holds; idempotent. */
    @Override
    void close();
}
