package io.github.mask4j.twilio.rest;

import java.time.Instant;

/**
 * A Video room as the REST API reports it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sid room sid (RM...)
 * @param uniqueName the room's name
 * @param status in-progress, completed or failed
 * @param type group, go, peer-to-peer or group-small
 * @param created when it was created, null if not reported
 */
public record RoomInfo(String sid, String uniqueName, String status, String type, Instant created) {}
