package io.github.mask4j.twilio.recording;

import java.util.Objects;

/**
 * One track recording of a room, as listed by the REST API ({@code /v1/Rooms/{room}/Recordings}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sid recording sid (RT...)
 * @param roomSid room it belongs to
 * @param participantSid the publishing participant (from {@code grouping_sids.participant_sid})
 * @param trackName the published track's name
 * @param sourceSid the recorded track's sid (MT...)
 * @param type {@code video}, {@code audio} or {@code data} (Twilio's {@code type})
 * @param codec VP8 or H264 for video, OPUS or PCMU for audio
 * @param container mkv for video, mka for audio
 * @param offsetMillis when the recording started, in milliseconds on the room's clock (Twilio's {@code offset})
 * @param sizeBytes the recorded track's size in bytes as the API reports it, or -1 if unknown; not a promise about
 *     the media file's byte count (the download checks Content-Length)
 * @param durationSeconds duration in seconds, or -1 if unknown
 */
public record TrackRecording(String sid, String roomSid, String participantSid, String trackName, String sourceSid,
        String type, String codec, String container, long offsetMillis, long sizeBytes, int durationSeconds) {
    public TrackRecording {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(roomSid, "roomSid");
        Objects.requireNonNull(participantSid, "participantSid");
        Objects.requireNonNull(trackName, "trackName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(container, "container");
        if (offsetMillis < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offsetMillis);
        }
    }

    /** Twilio's {@code type} of a video recording. */
    public static final String VIDEO = "video";

    /** Whether this is a video track's recording (the only kind mask4j can classify). */
    public boolean isVideo() {
        return VIDEO.equalsIgnoreCase(type);
    }
}
