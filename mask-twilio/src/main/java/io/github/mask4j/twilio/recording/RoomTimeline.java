package io.github.mask4j.twilio.recording;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The timelines of every recorded video track in one room: one per participant and track name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param roomSid the room
 * @param originOffsetMillis the Twilio {@code offset} taken as time zero of the room's clock (the earliest
 *     recording's)
 * @param participants one timeline per participant's video track, in the order the recordings were listed
 */
public record RoomTimeline(String roomSid, long originOffsetMillis, List<ParticipantTimeline> participants) {
    public RoomTimeline {
        Objects.requireNonNull(roomSid, "roomSid");
        participants = List.copyOf(participants);
    }

    /** A participant's first recorded video track's timeline, by identity or sid. */
    public Optional<ParticipantTimeline> participant(String identityOrSid) {
        return tracks(identityOrSid).stream().findFirst();
    }

    /** A participant's timeline of the track named {@code trackName}, by identity or sid. */
    public Optional<ParticipantTimeline> track(String identityOrSid, String trackName) {
        return tracks(identityOrSid).stream().filter(t -> t.trackName().equals(trackName)).findFirst();
    }

    /** All of a participant's video track timelines (camera, screen share, ...), by identity or sid. */
    public List<ParticipantTimeline> tracks(String identityOrSid) {
        return participants.stream().filter(p -> p.identity().equals(identityOrSid)
                || p.participantSid().equals(identityOrSid)).toList();
    }
}
