package io.github.mask4j.kafka.events;

import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.twilio.monitor.StateChange;

/**
 * The value (JSON) of an events-topic record: a participant's smoothed state changed, and the frame result that
 * changed it (which track, frame, model version and worker).
 *
 * <p>Immutable and thread-safe.
 *
 * @param change the state change, as the in-process RoomMonitor reports it
 * @param cause the result of the frame that changed it
 */
public record StateChangeEvent(StateChange change, FrameResult cause) {}
