package io.github.mask4j.twilio.monitor;

/**
 * Receives a {@link RoomMonitor}'s output. Called on the monitor's worker threads, in frame order per
 * participant; implementations must be thread-safe and quick (hand heavy work to an executor).
 */
public interface MonitorListener {
    /** Every classified frame. */
    default void onPrediction(TrackPrediction prediction) {}

    /** A participant's smoothed state changed. */
    default void onStateChange(StateChange change) {}
}
