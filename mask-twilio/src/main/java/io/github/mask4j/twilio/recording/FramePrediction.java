package io.github.mask4j.twilio.recording;

/**
 * The classifier's answer for one decoded frame, placed on the room's clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param roomMillis milliseconds since the room's first recorded track started
 * @param label best label ({@link RecordingProcessor#NO_FACE} when a mask detector found no face)
 * @param confidence its confidence in [0, 1]
 */
public record FramePrediction(long roomMillis, String label, double confidence) {}
