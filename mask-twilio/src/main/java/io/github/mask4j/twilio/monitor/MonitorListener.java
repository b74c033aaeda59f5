package io.github.mask4j.twilio.monitor;

import io.github.mask4j.frame.FrameOrigin;

/**
 * Receives a {@link RoomMonitor}'s output. Called on the monitor's worker threads, in frame order per
 * participant; implementations must be thread-safe and quick (hand heavy work to an executor).
 */
public interface MonitorListener {
    /** Every classified frame. */
    default void onPrediction(TrackPrediction prediction) {}

    /** A participant's smoothed state changed. */
    default void onStateChange(StateChange change) {}

    /**
     * A frame was taken from an attached source but not classified, e.g. {@link RoomMonitor#NOT_TRAINED} while
     * the classifier has not been trained yet. The participant's state is unchanged.
     */
    default void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {}

    /** A frame labelled at the edge was classified here too ({@link RoomMonitor#verify}). */
    default void onEdgeCheck(EdgeCheck check) {}
}
