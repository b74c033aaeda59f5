package io.github.mask4j.twilio.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.frame.FrameOrigin;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One frame or one edge label as the page sends it (written by {@link io.github.mask4j.twilio.web.RelayClientScript}):
 * <ul>
 *   <li>a frame: a binary WebSocket message of a 4-byte big-endian header length, a UTF-8 JSON header
 *       {@code {"room","participant","track","timestamp"}}, then the JPEG bytes. In edge mode the header also
 *       carries the page's own {@code "label"} and {@code "confidence"} for that frame, which the server checks;
 *   <li>an edge label (the page classified the frame itself and sends no pixels): a text message
 *       {@code {"type":"label","room","participant","track","timestamp","label","confidence"}}.
 * </ul>
 *
 * <p>Immutable and thread-safe (the JPEG array is not copied again; nobody writes to it).
 *
 * @param jpeg the frame, or null for a label without its frame
 * @param label the edge's label for the frame, or null when the server is to classify it
 * @param confidence the edge's confidence in {@code label} (0 without a label)
 */
record RelayFrame(FrameOrigin origin, long timestampMillis, byte[] jpeg, String label, double confidence) {
    /** Longest accepted label. */
    static final int MAX_LABEL_CHARS = 64;
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
        RelayFrame about = header(header, room);
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
        return new RelayFrame(about.origin, about.timestampMillis, jpeg, about.label, about.confidence);
    }

    /**
     * Parses a text message: an edge label ({@code "type":"label"}).
     *
     * @throws Refused naming what was wrong
     */
    static RelayFrame parseLabel(String message, String room) throws Refused {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (IOException e) {
            throw new Refused("text messages must be JSON labels: {\"type\":\"label\", ...}");
        }
        if (json == null || !"label".equals(text(json, "type"))) {
            throw new Refused("text messages must be labels ({\"type\":\"label\"}); frames are binary");
        }
        RelayFrame label = header(json, room);
        if (label.label == null) {
            throw new Refused("a label message needs a label (1-" + MAX_LABEL_CHARS + " characters) and a "
                    + "confidence in [0, 1]");
        }
        return label;
    }

    /** The fields a frame header and a label message share; the JPEG is null. */
    private static RelayFrame header(JsonNode header, String room) throws Refused {
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
        String label = null;
        double confidence = 0;
        if (header.has("label")) {
            label = text(header, "label");
            JsonNode c = header.get("confidence");
            if (label == null || label.length() > MAX_LABEL_CHARS || c == null || !c.isNumber()
                    || !(c.asDouble() >= 0 && c.asDouble() <= 1)) {
                throw new Refused("an edge label needs a label (1-" + MAX_LABEL_CHARS
                        + " characters) and a confidence in [0, 1]");
            }
            confidence = c.asDouble();
        }
        return new RelayFrame(FrameOrigin.track(room, participant, track), ts.asLong(), null, label, confidence);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() && v.asText().length() <= 256 ? v.asText() : null;
    }
}
