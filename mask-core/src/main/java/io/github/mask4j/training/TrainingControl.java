package io.github.mask4j.training;

/**
 * Handed to a {@link TrainingListener} with each epoch so it can end training early (a "stop" button, a
 * time budget). The weights of the last finished epoch are kept. Thread-safe: {@link #stop()} may be called
 * from any thread.
 */
public final class TrainingControl {
    private volatile String stopReason;

    /** Asks training to end after the current epoch. */
    public void stop() {
        stop("stopped by listener");
    }

    public void stop(String reason) {
        this.stopReason = reason;
    }

    public boolean isStopped() {
        return stopReason != null;
    }

    /** Why training was asked to stop, or {@code null}. */
    public String stopReason() {
        return stopReason;
    }
}
