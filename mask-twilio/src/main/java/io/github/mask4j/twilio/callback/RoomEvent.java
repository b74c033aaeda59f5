package io.github.mask4j.twilio.callback;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated Twilio Video room status callback (room-created, participant-connected, participant-disconnected,
 * track-added, recording-completed, room-ended, ...), with all posted parameters.
 *
 * <p>Immutable and thread-safe.
 *
 * @param event the {@code StatusCallbackEvent}
 * @param roomSid {@code RoomSid}
 * @param roomName {@code RoomName}
 * @param parameters every form parameter Twilio posted
 */
public record RoomEvent(String event, String roomSid, String roomName, Map<String, String> parameters) {
    public static final String PARTICIPANT_CONNECTED = "participant-connected";
    public static final String PARTICIPANT_DISCONNECTED = "participant-disconnected";
    public static final String TRACK_ADDED = "track-added";
    public static final String RECORDING_COMPLETED = "recording-completed";
    public static final String ROOM_ENDED = "room-ended";

    public RoomEvent {
        Objects.requireNonNull(event, "event");
        parameters = Map.copyOf(parameters);
    }

    /** A posted parameter, e.g. {@code ParticipantIdentity}, {@code TrackSid}, {@code RecordingSid}. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public Optional<String> participantIdentity() {
        return parameter("ParticipantIdentity");
    }

    public Optional<String> recordingSid() {
        return parameter("RecordingSid");
    }

    public Optional<String> participantSid() {
        return parameter("ParticipantSid");
    }

    /**
     * Whether a recording event is about a video track. Recording callbacks carry {@code Type} ({@code audio},
     * {@code video} or {@code data}) and {@code Container} ({@code mka} for audio, {@code mkv} for video), not
     * {@code TrackKind}; without either this answers true and the recording's type is checked through the REST API
     * before anything is downloaded.
     */
    public boolean isVideoRecording() {
        Optional<String> type = parameter("Type");
        if (type.isPresent()) {
            return "video".equalsIgnoreCase(type.get());
        }
        return parameter("Container").map("mkv"::equalsIgnoreCase).orElse(true);
    }
}
