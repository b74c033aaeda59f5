package io.github.mask4j.examples.report;

import java.io.PrintWriter;

/**
 * A one-line text progress bar on the error stream, redrawn in place; it keeps stdout clean for JSON.
 *
 * <p>Thread-safe: {@link #step()} may be called from worker threads.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String task;
    private final int total;
    private final long started = System.nanoTime();
    private int done;
    private int lastDrawn = -1;
    private boolean closed;

    public ProgressBar(PrintWriter err, String task, int total) {
        this.err = err;
        this.task = task;
        this.total = Math.max(1, total);
        draw();
    }

    /** One unit done. */
    public synchronized void step() {
        step(1);
    }

    /** {@code n} units done. */
    public synchronized void step(int n) {
        done = Math.min(total, done + n);
        draw();
    }

    private void draw() {
        int filled = done * WIDTH / total;
        int percent = done * 100 / total;
        if (percent == lastDrawn && done < total) {
            return;
        }
        lastDrawn = percent;
        double secs = (System.nanoTime() - started) / 1e9;
        err.printf("\r%-24s [%s%s] %3d%% %d/%d %.1fs", task, "#".repeat(filled), " ".repeat(WIDTH - filled),
                percent, done, total, secs);
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            err.println();
            err.flush();
        }
    }
}
