package io.github.mask4j.twilio.rest;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.video.v1.Room;
import com.twilio.rest.video.v1.room.Participant;
import com.twilio.rest.video.v1.room.participant.PublishedTrack;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lists rooms in progress, their present (connected or reconnecting) participants and the video tracks those publish, through twilio-java.
 *
 * <p>Thread-safe if the given {@link TwilioRestClient} is (twilio-java's is).
 */
public final class RoomInventory {
    /** Upper bound on records read per listing, so a runaway pager cannot loop forever. */
    static final int MAX_RECORDS = 10_000;
    private static final int PAGE_SIZE = 100;

    private final TwilioRestClient client;

    public RoomInventory(TwilioRestClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Rooms whose status is in-progress. */
    public List<RoomInfo> roomsInProgress() {
        List<RoomInfo> out = new ArrayList<>();
        for (Room r : Room.reader().setStatus(Room.RoomStatus.IN_PROGRESS).pageSize(PAGE_SIZE).limit(MAX_RECORDS).read(client)) {
            out.add(new RoomInfo(r.getSid(), r.getUniqueName(), str(r.getStatus()), str(r.getType()),
                    instant(r.getDateCreated())));
        }
        return out;
    }

    /**
     * Participants present in a room (sid or unique name): {@code connected} ones and {@code reconnecting} ones
     * (their network dropped; Twilio keeps their tracks for a while and they usually come back), in that order.
     * Twilio's list answers only {@code connected} participants unless asked for another status.
     */
    public List<ParticipantInfo> participants(String room) {
        Objects.requireNonNull(room, "room");
        List<ParticipantInfo> out = new ArrayList<>();
        for (Participant.Status status : List.of(Participant.Status.CONNECTED, Participant.Status.RECONNECTING)) {
            for (Participant p : Participant.reader(room).setStatus(status).pageSize(PAGE_SIZE).limit(MAX_RECORDS)
                    .read(client)) {
                out.add(new ParticipantInfo(p.getSid(), p.getIdentity(), str(p.getStatus()), instant(p.getStartTime())));
            }
        }
        return out;
    }

    /** Video tracks a participant publishes (audio and data tracks are left out). */
    public List<VideoTrackInfo> videoTracks(String room, String participantSid) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(participantSid, "participantSid");
        List<VideoTrackInfo> out = new ArrayList<>();
        for (PublishedTrack t : PublishedTrack.reader(room, participantSid).pageSize(PAGE_SIZE).limit(MAX_RECORDS).read(client)) {
            if (t.getKind() == PublishedTrack.Kind.VIDEO) {
                out.add(new VideoTrackInfo(t.getSid(), t.getName(), t.getParticipantSid(),
                        Boolean.TRUE.equals(t.getEnabled())));
            }
        }
        return out;
    }

    /** Every present (connected or reconnecting) participant of a room with their video tracks. */
    public List<ParticipantVideo> videoOf(String room) {
        List<ParticipantVideo> out = new ArrayList<>();
        for (ParticipantInfo p : participants(room)) {
            out.add(new ParticipantVideo(p, videoTracks(room, p.sid())));
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
