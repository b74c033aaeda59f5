package io.github.mask4j.timeline;

/**
 * Where a run of frames ends, the one rule that differs between the places that merge frames into intervals:
 *
 * <ul>
 *   <li>{@link #atLastFrame()}: the run covers {@code [first frame, last frame]}, both ends inclusive (a report of
 *       when a label was seen);</li>
 *   <li>{@link #afterLastFrame(long)}: the run covers {@code [first frame, last frame + period)}, end exclusive, so
 *       the runs of a track tile its time with no gap (a timeline one can look a time up in).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param periodMillis added to the last frame's time: 0 for an inclusive end, the sampling period for an
 *     exclusive one
 */
public record RunEnd(long periodMillis) {
    public RunEnd {
        if (periodMillis < 0) {
            throw new IllegalArgumentException("periodMillis must be >= 0, got " + periodMillis);
        }
    }

    /** Inclusive: a run ends at its last frame's time. */
    public static RunEnd atLastFrame() {
        return new RunEnd(0);
    }

    /** Exclusive: a run ends one sampling period after its last frame. */
    public static RunEnd afterLastFrame(long periodMillis) {
        return new RunEnd(periodMillis);
    }

    /** Whether {@link LabelRun#endMillis()} is the last frame's time (rather than the first instant after the run). */
    public boolean inclusive() {
        return periodMillis == 0;
    }
}
