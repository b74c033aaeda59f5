package io.github.mask4j.twilio.relay;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A live track as a {@link FrameSource} that holds at most one pending frame: a newer frame replaces one not yet
 * taken, so a slow consumer sees the latest picture and memory stays bounded by one frame per track however far
 * behind it falls.
 *
 * <p>Thread-safe: producers {@link #offer(Frame)} from any thread while one or more consumers poll.
 */
public final class LatestFrameSource implements FrameSource {
    private final FrameOrigin origin;
    private Frame pending;
    private boolean finished;
    private long offered;
    private long dropped;

    public LatestFrameSource(FrameOrigin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public FrameOrigin origin() {
        return origin;
    }

    /**
     * Makes {@code frame} the pending one, replacing (dropping) any frame not yet taken.
     *
     * @return false if the source has been closed and the frame was ignored
     */
    public synchronized boolean offer(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (finished) {
            return false;
        }
        offered++;
        if (pending != null) {
            dropped++;
        }
        pending = frame;
        notifyAll();
        return true;
    }

    @Override
    public synchronized Optional<Frame> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending == null && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        Frame f = pending;
        pending = null;
        return Optional.ofNullable(f);
    }

    /** Frames offered so far. */
    public synchronized long offered() {
        return offered;
    }

    /** Frames replaced before anyone took them. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Whether a frame is waiting (at most one ever is). */
    public synchronized boolean hasPending() {
        return pending != null;
    }

    /** Whether the track has ended (its socket closed); a pending frame may still be taken. */
    public synchronized boolean isClosed() {
        return finished;
    }

    @Override
    public synchronized boolean isFinished() {
        return finished && pending == null;
    }

    /** Ends the track: a pending frame can still be taken, nothing new is accepted. Idempotent. */
    @Override
    public synchronized void close() {
        finished = true;
        notifyAll();
    }
}
