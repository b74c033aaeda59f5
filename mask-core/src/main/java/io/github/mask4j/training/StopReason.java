package io.github.mask4j.training;

/**
 * Why a training run ended, as a value to switch on; {@link TrainingReport#stopReason()} keeps the words shown to
 * people (with details such as the loss that diverged or a listener's own reason).
 *
 * <p>Immutable and thread-safe.
 */
public enum StopReason {
    /** Every epoch ran. */
    COMPLETED("completed"),
    /** The watched loss stopped improving for {@code earlyStoppingPatience} epochs; the best epoch's weights are kept. */
    EARLY_STOPPING("early stopping"),
    /** The loss became infinite or NaN; the text names it and suggests a lower learning rate. */
    DIVERGED("diverged"),
    /** A {@link TrainingListener} called {@link TrainingControl#stop}; the text is its reason. */
    STOPPED("stopped by listener"),
    /** A linear head was fitted in closed form: there are no epochs. */
    LINEAR_HEAD("linear head"),
    /** A k-nearest-neighbour head keeps the examples: there are no epochs. */
    NEAREST_NEIGHBOURS("k-NN");

    private final String text;

    StopReason(String text) {
        this.text = text;
    }

    /** The words this reason is reported with (the start of them, for reasons that carry details). */
    public String text() {
        return text;
    }

    /**
     * The reason a report's text stands for: for reports saved before the reason was recorded as a value, and
     * for callers that still build a report from its text alone.
     */
    public static StopReason fromText(String text) {
        if (text == null) {
            return STOPPED;
        }
        for (StopReason r : values()) {
            if (text.equals(r.text) || (r.text.length() > 1 && text.startsWith(r.text + " "))) {
                return r;
            }
        }
        return STOPPED;
    }
}
