package io.github.mask4j.twilio.rest;

import java.time.Instant;

/**
 * A participant of a room.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sid participant sid (PA...)
 * @param identity the identity from the participant's access token
 * @param status connected, reconnecting or disconnected
 * @param started when they joined, null if not reported
 */
public record ParticipantInfo(String sid, String identity, String status, Instant started) {}
