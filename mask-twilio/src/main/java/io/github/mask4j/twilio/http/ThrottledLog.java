package io.github.mask4j.twilio.http;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Warnings that a remote party can cause at will (a refused request, a forged signature, an undecodable frame),
 * written at most {@code perWindow} times per window, so a flood of bad requests cannot fill the disk or bury
 * other log lines. What is left out is counted and reported with the first warning of a later window.
 *
 * <p>Thread-safe.
 */
public final class ThrottledLog {
    private final Logger log;
    private final int perWindow;
    private final long windowNanos;
    private final String windowText;
    private long windowStart;
    private int written;
    private long suppressed;

    /**
     * @param log where the warnings go
     * @param perWindow warnings written per window at most; positive
     * @param window the window's length; positive
     */
    public ThrottledLog(Logger log, int perWindow, Duration window) {
        this.log = Objects.requireNonNull(log, "log");
        if (perWindow < 1) {
            throw new IllegalArgumentException("perWindow must be positive, got " + perWindow);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.windowText = window.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        this.windowStart = System.nanoTime();
    }

    /** 20 warnings per minute. */
    public static ThrottledLog of(Logger log) {
        return new ThrottledLog(log, 20, Duration.ofMinutes(1));
    }

    /** A warning as {@link Logger#warn(String, Object...)} writes it, unless this window's share is used up. */
    public void warn(String format, Object... args) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            left = 0;
            if (now - windowStart >= windowNanos) {
                left = suppressed;
                windowStart = now;
                written = 0;
                suppressed = 0;
            }
            if (written >= perWindow) {
                suppressed++;
                return;
            }
            written++;
        }
        if (left > 0) {
            log.warn("{} more such warnings were left out (at most {} per {})", left, perWindow, windowText);
        }
        log.warn(format, args);
    }

    /** Warnings left out in the current window so far. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
