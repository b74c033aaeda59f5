package io.github.mask4j.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a download's body, abandoning it when no byte has arrived for a stall timeout. The JDK HTTP client's
 * request timeout ends once the headers have arrived, so without this a server that goes quiet mid-body holds
 * the reading thread forever. A watchdog closes the source, which ends a blocked read; the copy then throws
 * {@link StalledStreamException}. Shared by the model and recording downloads.
 *
 * <p>Thread-safe: copies share one daemon watchdog thread and nothing else.
 */
public final class StreamCopy {
    // one daemon thread for every copy: it only closes stalled sources
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mask4j-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private StreamCopy() {}

    /** Sees each chunk as it is copied, for example to hash it or report progress. */
    @FunctionalInterface
    public interface ChunkListener {
        /**
         * @param buffer the chunk, valid only during the call
         * @param length bytes of the chunk
         * @param copied bytes copied so far, this chunk included
         */
        void onChunk(byte[] buffer, int length, long copied) throws IOException;
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}, and closes {@code in}.
     *
     * @param stall how long {@code in} may send nothing (positive)
     * @return the bytes copied
     * @throws StalledStreamException when {@code in} sent nothing for {@code stall}
     */
    public static long copy(InputStream in, OutputStream out, Duration stall, ChunkListener listener)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(listener, "listener");
        if (stall == null || stall.isZero() || stall.isNegative()) {
            throw new IllegalArgumentException("the stall timeout must be a positive duration, got " + stall);
        }
        long stallNanos = stall.toNanos();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(1, stallNanos / 4);
        ScheduledFuture<?> check = WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > stallNanos && stalled.compareAndSet(false, true)) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is how the blocked read is ended; its own failure changes nothing
                }
            }
        }, period, period, TimeUnit.NANOSECONDS);
        long copied = 0;
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                copied += n;
                lastProgress.set(System.nanoTime());
                listener.onChunk(buffer, n, copied);
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new StalledStreamException(stall, copied, e);
            }
            throw e;
        } finally {
            check.cancel(false);
        }
        if (stalled.get()) { // closed as the last read returned: the end seen may not be the body's end
            throw new StalledStreamException(stall, copied, null);
        }
        return copied;
    }
}
