package io.github.mask4j.twilio.monitor;

import io.github.mask4j.frame.FrameOrigin;

/**
 * One classified frame of a room's track, with the participant's smoothed state after it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param origin room, participant and track
 * @param timestampMillis frame time on the source's clock
 * @param label the frame's own label
 * @param confidence its confidence
 * @param smoothedLabel the track's state after this frame (null until a frame was accepted)
 */
public record TrackPrediction(FrameOrigin origin, long timestampMillis, String label, double confidence,
        String smoothedLabel) {}
