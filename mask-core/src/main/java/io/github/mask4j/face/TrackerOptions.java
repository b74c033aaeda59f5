package io.github.mask4j.face;

/**
 * How a {@link FaceTracker} matches faces between frames and smooths their labels.
 *
 * <p>Immutable and thread-safe.
 *
 * @param minIou a face continues a track when its box overlaps the track's last box by at least this IoU
 * @param maxMissedFrames a track survives this many frames without a matching face, then ends
 * @param window the number of recent labels a track votes over
 * @param switchVotes the label shown changes only when another label holds at least this many of the
 *     {@code window} votes (hysteresis: one odd frame does not flip it)
 */
public record TrackerOptions(double minIou, int maxMissedFrames, int window, int switchVotes) {
    public TrackerOptions {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
        }
        if (maxMissedFrames < 0) {
            throw new IllegalArgumentException("maxMissedFrames must be >= 0, got " + maxMissedFrames);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        if (switchVotes < 1 || switchVotes > window) {
            throw new IllegalArgumentException("switchVotes must be in [1, window=" + window + "], got " + switchVotes);
        }
    }

    /** IoU 0.3, 5 missed frames, a window of 5 labels, 3 votes to switch. */
    public static TrackerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link TrackerOptions}. Not thread-safe. */
    public static final class Builder {
        private double minIou = 0.3;
        private int maxMissedFrames = 5;
        private int window = 5;
        private int switchVotes = 3;

        private Builder() {}

        public Builder minIou(double minIou) {
            this.minIou = minIou;
            return this;
        }

        public Builder maxMissedFrames(int frames) {
            this.maxMissedFrames = frames;
            return this;
        }

        /** The vote window; {@code switchVotes} defaults to a majority of it unless set after. */
        public Builder window(int window) {
            this.window = window;
            this.switchVotes = window / 2 + 1;
            return this;
        }

        public Builder switchVotes(int votes) {
            this.switchVotes = votes;
            return this;
        }

        public TrackerOptions build() {
            return new TrackerOptions(minIou, maxMissedFrames, window, switchVotes);
        }
    }
}
