package io.github.mask4j.twilio.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.frame.FrameOrigin;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One frame as the page sends it: a binary WebSocket message of a 4-byte big-endian header length, a UTF-8 JSON
 * header {@code {"room","participant","track","timestamp"}}, then the JPEG bytes (written by
 * {@link io.github.mask4j.twilio.web.RelayClientScript}).
 *
 * <p>Immutable and thread-safe (the JPEG array is not copied again; nobody writes to it).
 */
record RelayFrame(FrameOrigin origin, long timestampMillis, byte[] jpeg) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a message is not a frame; the connection stays open. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Parses a message from a connection whose token is for {@code room}.
     *
     * @throws Refused naming what was wrong (too large, not a JPEG, bad header, another room)
     */
    static RelayFrame parse(ByteBuffer message, String room, int maxFrameBytes) throws Refused {
        int size = message.remaining();
        if (size > maxFrameBytes + RelayLimits.MAX_HEADER_BYTES) {
            throw new Refused("frame too large: " + size + " bytes, limit " + maxFrameBytes);
        }
        if (size < 4) {
            throw new Refused("message too short");
        }
        int headerLength = message.getInt();
        if (headerLength <= 0 || headerLength > RelayLimits.MAX_HEADER_BYTES || headerLength > message.remaining()) {
            throw new Refused("bad header length " + headerLength);
        }
        byte[] headerBytes = new byte[headerLength];
        message.get(headerBytes);
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes);
        } catch (IOException e) {
            throw new Refused("header is not JSON");
        }
        String frameRoom = text(header, "room");
        String participant = text(header, "participant");
        String track = text(header, "track");
        JsonNode ts = header == null ? null : header.get("timestamp");
        if (frameRoom == null || participant == null || track == null || ts == null || !ts.isNumber()) {
            throw new Refused("header needs room, participant, track and a numeric timestamp");
        }
        if (!frameRoom.equals(room)) {
            throw new Refused("token is for room " + room + ", not " + frameRoom);
        }
        int jpegLength = message.remaining();
        if (jpegLength > maxFrameBytes) {
            throw new Refused("frame too large: " + jpegLength + " bytes, limit " + maxFrameBytes);
        }
        if (jpegLength < 3 || message.get(message.position()) != (byte) 0xFF
                || message.get(message.position() + 1) != (byte) 0xD8) {
            throw new Refused("frame is not a JPEG");
        }
        byte[] jpeg = new byte[jpegLength];
        message.get(jpeg);
        return new RelayFrame(FrameOrigin.track(room, participant, track), ts.asLong(), jpeg);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() && v.asText().length() <= 256 ? v.asText() : null;
    }
}
