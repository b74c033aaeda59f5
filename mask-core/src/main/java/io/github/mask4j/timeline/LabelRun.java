package io.github.mask4j.timeline;

import java.util.Objects;

/**
 * Consecutive frames that got the same label, merged: when it starts and ends (by the {@link RunEnd} it was
 * merged with), how many frames it covers and their mean confidence.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the label
 * @param startMillis the first frame's time
 * @param endMillis the end, placed by the {@link RunEnd} rule
 * @param frames how many frames it covers
 * @param meanConfidence mean confidence of those frames
 */
public record LabelRun(String label, long startMillis, long endMillis, int frames, double meanConfidence) {
    public LabelRun {
        Objects.requireNonNull(label, "label");
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("run ends before it starts: " + startMillis + ".." + endMillis);
        }
    }
}
