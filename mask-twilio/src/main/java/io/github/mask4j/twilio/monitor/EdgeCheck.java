package io.github.mask4j.twilio.monitor;

import io.github.mask4j.frame.FrameOrigin;

/**
 * One spot check of a track whose labels are computed at the edge (in the participant's browser): the server
 * classified the same frame itself and compared. The counts are the track's running totals.
 *
 * <p>Immutable and thread-safe.
 *
 * @param origin room, participant and track
 * @param timestampMillis time of the checked frame, on the source's clock
 * @param edgeLabel the label the edge sent for this frame
 * @param serverLabel the server's own label for it (the most confident one, even when unsure)
 * @param serverConfidence the server's confidence in {@code serverLabel}
 * @param verified frames of this track checked so far
 * @param agreed of those, the frames on which the labels were the same
 * @param flagged whether the track's labels disagree with the server's beyond the monitor's threshold
 *     ({@link RoomMonitor.Builder#edgeCheck})
 */
public record EdgeCheck(FrameOrigin origin, long timestampMillis, String edgeLabel, String serverLabel,
        double serverConfidence, long verified, long agreed, boolean flagged) {
    /** Whether the edge and the server gave this frame the same label. */
    public boolean agrees() {
        return edgeLabel.equals(serverLabel);
    }

    /** Share of the track's checked frames with the same label (1 before any check). */
    public double agreement() {
        return verified == 0 ? 1 : (double) agreed / verified;
    }
}
