package io.github.mask4j.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often to try something that may fail for a passing reason (a download over the network), and how long to
 * wait in between: {@code attempts} tries, the first wait {@code firstWait}, doubled before each further try, no
 * wait after the last. Both of mask4j's downloads (models, recordings) retry through it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param attempts how many tries in all, at least 1
 * @param firstWait wait after the first failure
 */
public record Retry(int attempts, Duration firstWait) {

    /** One try; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E, InterruptedException;
    }

    /** Told of each failed try before the wait (to log it). */
    @FunctionalInterface
    public interface Failure<E extends Exception> {
        void failed(int attempt, E error);
    }

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        Objects.requireNonNull(firstWait, "firstWait");
        if (firstWait.isNegative()) {
            throw new IllegalArgumentException("firstWait must not be negative, got " + firstWait);
        }
    }

    /**
     * Runs {@code attempt} until it returns, retrying when it throws {@code retryOn}; anything else ends at once.
     *
     * @return what the first successful try returned
     * @throws E the last try's error when every try failed
     * @throws InterruptedException when interrupted while waiting (or by a try)
     */
    public <T, E extends Exception> T call(Class<E> retryOn, Attempt<T, E> attempt, Failure<? super E> onFailure)
            throws E, InterruptedException {
        long wait = firstWait.toMillis();
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!retryOn.isInstance(e)) {
                    if (e instanceof RuntimeException r) {
                        throw r;
                    }
                    // only E and unchecked exceptions can reach here
                    throw new IllegalStateException(e);
                }
                E error = retryOn.cast(e);
                onFailure.failed(n, error);
                if (n >= attempts) {
                    throw error;
                }
                Thread.sleep(wait);
                wait *= 2;
            }
        }
    }
}
