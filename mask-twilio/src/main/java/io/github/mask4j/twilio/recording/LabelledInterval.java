package io.github.mask4j.twilio.recording;

import java.util.Objects;

/**
 * A stretch of a participant's video in which every sampled frame got the same label, on the room's clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param startMillis first frame's time
 * @param endMillis end (exclusive): last frame's time plus one sampling period
 * @param label the label
 * @param frames how many sampled frames it covers
 * @param meanConfidence mean confidence of those frames
 */
public record LabelledInterval(long startMillis, long endMillis, String label, int frames, double meanConfidence) {
    public LabelledInterval {
        Objects.requireNonNull(label, "label");
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("interval ends before it starts: " + startMillis + ".." + endMillis);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[%.1fs, %.1fs) %s (%d frames, %.2f)", startMillis / 1000.0,
                endMillis / 1000.0, label, frames, meanConfidence);
    }
}
