package io.github.mask4j.twilio.monitor;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every source attached to a monitor on one thread (started with the first source) and hands their frames
 * to the {@link FrameBatcher}: a source's next frame is taken only when its previous one has been handled, so
 * pull sources (recordings, video files) lose nothing and hold at most one frame in the batcher. A round that
 * finds no frame waits, doubling from 1 ms up to 20 ms, or until a handled frame wakes it.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and closes the sources still attached.
 */
final class SourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);
    private static final long MAX_IDLE_MILLIS = 20;

    private static final class Feed {
        final FrameSource source;
        boolean inFlight;

        Feed(FrameSource source) {
            this.source = source;
        }
    }

    private final FrameBatcher batcher;
    private final String threadName;
    private final List<Feed> feeds = new ArrayList<>();
    private Thread thread;
    private boolean closed;
    private boolean woken;

    SourcePoller(FrameBatcher batcher, String threadName) {
        this.batcher = batcher;
        this.threadName = threadName;
    }

    /** Adds a source; false if closed. */
    synchronized boolean add(FrameSource source) {
        if (closed) {
            return false;
        }
        feeds.add(new Feed(source));
        if (thread == null) {
            thread = new Thread(this::loop, threadName);
            thread.setDaemon(true);
            thread.start();
        }
        wake();
        return true;
    }

    synchronized int active() {
        return feeds.size();
    }

    /** Waits until no source is attached; true if none is left. */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!feeds.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private synchronized void wake() {
        woken = true;
        notifyAll();
    }

    private void loop() {
        long idle = 1;
        try {
            while (true) {
                List<Feed> ready;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    ready = feeds.stream().filter(f -> !f.inFlight).toList();
                }
                boolean any = false;
                for (Feed f : ready) {
                    any |= poll(f);
                }
                synchronized (this) {
                    if (any || woken) {
                        idle = 1;
                    } else {
                        wait(idle);
                        idle = Math.min(MAX_IDLE_MILLIS, idle * 2);
                    }
                    woken = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes one frame of a source if it has one; ends the source when it is finished. True if a frame came. */
    private boolean poll(Feed f) throws InterruptedException {
        Optional<Frame> frame;
        try {
            frame = f.source.next(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.warn("frame source {} failed and is detached: {}", f.source, e.toString());
            end(f);
            return false;
        }
        if (frame.isPresent()) {
            synchronized (this) {
                f.inFlight = true;
            }
            if (!batcher.offer(frame.get(), () -> handled(f))) {
                end(f);
            }
            return true;
        }
        if (f.source.isFinished()) {
            end(f);
        }
        return false;
    }

    private void handled(Feed f) {
        synchronized (this) {
            f.inFlight = false;
        }
        wake();
    }

    private void end(Feed f) {
        synchronized (this) {
            feeds.remove(f);
            notifyAll();
        }
        f.source.close();
    }

    @Override
    public void close() {
        List<Feed> left;
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            left = new ArrayList<>(feeds);
            feeds.clear();
            t = thread;
            notifyAll();
        }
        if (t != null) {
            t.interrupt();
        }
        for (Feed f : left) {
            f.source.close();
        }
    }
}
