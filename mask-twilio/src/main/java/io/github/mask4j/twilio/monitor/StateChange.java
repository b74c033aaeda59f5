package io.github.mask4j.twilio.monitor;

/**
 * One video track's smoothed state changed, e.g. "alice (camera) without_mask since 12.5 s".
 *
 * <p>Immutable and thread-safe.
 *
 * @param room the room
 * @param participant participant identity
 * @param track the track's name (a participant sharing camera and screen has two states)
 * @param previousLabel state before (null for the first state)
 * @param label the new state
 * @param sinceMillis time of the frame that changed it, on the source's clock
 * @param alert whether the new state is one of the monitor's alert labels (e.g. without_mask)
 */
public record StateChange(String room, String participant, String track, String previousLabel, String label,
        long sinceMillis, boolean alert) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s (%s) in %s: %s since %.1f s%s", participant, track, room, label,
                sinceMillis / 1000.0, alert ? " (alert)" : "");
    }
}
