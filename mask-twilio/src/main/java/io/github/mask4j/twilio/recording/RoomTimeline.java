package io.github.mask4j.twilio.recording;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The timelines of every participant with a video recording in one room.
 *
 * <p>Immutable and thread-safe.
 *
 * @param roomSid the room
 * @param originOffsetMillis the Twilio {@code offset} taken as time zero of the room's clock (the earliest
 *     recording's)
 * @param participants one timeline per participant
 */
public record RoomTimeline(String roomSid, long originOffsetMillis, List<ParticipantTimeline> participants) {
    public RoomTimeline {
        Objects.requireNonNull(roomSid, "roomSid");
        participants = List.copyOf(participants);
    }

    /** The timeline of a participant by identity or sid. */
    public Optional<ParticipantTimeline> participant(String identityOrSid) {
        return participants.stream().filter(p -> p.identity().equals(identityOrSid)
                || p.participantSid().equals(identityOrSid)).findFirst();
    }
}
