package io.github.mask4j.examples.report;

import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingControl;
import io.github.mask4j.training.TrainingListener;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * A training listener for the command line: a progress bar on the error stream while augmented copies are
 * embedded, then one call per epoch.
 *
 * <p>Not thread-safe: a training calls its listener from one thread.
 */
public final class TrainingProgress implements TrainingListener {
    private final PrintWriter err;
    private final Consumer<EpochResult> onEpoch;
    private ProgressBar bar;
    private int shown;

    public TrainingProgress(PrintWriter err, Consumer<EpochResult> onEpoch) {
        this.err = err;
        this.onEpoch = onEpoch;
    }

    @Override
    public void onAugmenting(int done, int total) {
        if (bar == null) {
            bar = new ProgressBar(err, "embedding augmented", total);
        }
        bar.step(done - shown);
        shown = done;
        if (done >= total) {
            finish();
        }
    }

    @Override
    public void onEpoch(EpochResult epoch, TrainingControl control) {
        finish();
        onEpoch.accept(epoch);
    }

    private void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
            shown = 0;
        }
    }
}
