package io.github.mask4j.twilio.http;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on how many requests may do one expensive thing (decode an image) at once; a request that cannot get a
 * permit within the wait is answered 503 instead of piling up memory.
 *
 * <p>Thread-safe.
 */
public final class Permits {
    private final Semaphore permits;
    private final int count;
    private final Duration wait;
    private final String what;

    /**
     * @param count permits
     * @param wait longest wait for one
     * @param what what the permits guard, for the 503 message ("image decodes")
     */
    public Permits(int count, Duration wait, String what) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        this.permits = new Semaphore(count, true);
        this.count = count;
        this.wait = wait;
        this.what = what;
    }

    /** Runs {@code work} holding a permit. @throws HttpError 503 when none is free within the wait */
    public <T> T call(Callable<T> work) throws Exception {
        if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HttpError(503, "busy: " + count + " " + what + " are running; retry shortly");
        }
        try {
            return work.call();
        } finally {
            permits.release();
        }
    }
}
