package io.github.mask4j.twilio.rest;

/**
 * A video track a participant publishes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sid track sid (MT...)
 * @param name track name
 * @param participantSid publishing participant
 * @param enabled whether the track is enabled
 */
public record VideoTrackInfo(String sid, String name, String participantSid, boolean enabled) {}
