package io.github.mask4j.twilio.recording;

import java.util.Objects;

/**
 * One video track recording of a room, as listed by the REST API ({@code /v1/Rooms/{room}/Recordings}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sid recording sid (RT...)
 * @param roomSid room it belongs to
 * @param participantSid the publishing participant (from {@code grouping_sids.participant_sid})
 * @param trackName the published track's name
 * @param sourceSid the recorded track's sid (MT...)
 * @param codec VP8 or H264
 * @param container mkv for video
 * @param offsetMillis when the recording started, in milliseconds on the room's clock (Twilio's {@code offset})
 * @param sizeBytes the media file's size in bytes as the API reports it, or -1 if unknown
 * @param durationSeconds duration in seconds, or -1 if unknown
 */
public record TrackRecording(String sid, String roomSid, String participantSid, String trackName, String sourceSid,
        String codec, String container, long offsetMillis, long sizeBytes, int durationSeconds) {
    public TrackRecording {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(roomSid, "roomSid");
        Objects.requireNonNull(participantSid, "participantSid");
        Objects.requireNonNull(trackName, "trackName");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(container, "container");
        if (offsetMillis < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offsetMillis);
        }
    }
}
