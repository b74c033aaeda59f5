package io.github.mask4j.twilio.recording;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.video.v1.room.Participant;
import com.twilio.rest.video.v1.room.RoomRecording;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists a room's completed video track recordings and looks up its participants' identities through twilio-java.
 *
 * <p>Thread-safe if the given {@link TwilioRestClient} is (twilio-java's is).
 */
public final class RecordingCatalog {
    private static final int MAX_RECORDS = 10_000;
    private static final int PAGE_SIZE = 100;

    private final TwilioRestClient client;

    public RecordingCatalog(TwilioRestClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Completed video recordings of a room (audio ones are left out). */
    public List<TrackRecording> videoRecordings(String roomSid) {
        Objects.requireNonNull(roomSid, "roomSid");
        List<TrackRecording> out = new ArrayList<>();
        for (RoomRecording r : RoomRecording.reader(roomSid).setStatus(RoomRecording.Status.COMPLETED)
                .pageSize(PAGE_SIZE).limit(MAX_RECORDS).read(client)) {
            TrackRecording t = toTrackRecording(r, roomSid);
            if (t.isVideo()) {
                out.add(t);
            }
        }
        return out;
    }

    private static TrackRecording toTrackRecording(RoomRecording r, String roomSid) {
        String participant = groupingSid(r.getGroupingSids(), "participant_sid");
        if (participant == null) {
            throw new IllegalStateException("recording " + r.getSid() + " has no grouping_sids.participant_sid");
        }
        return new TrackRecording(r.getSid(), r.getRoomSid() == null ? roomSid : r.getRoomSid(), participant,
                r.getTrackName() == null ? "" : r.getTrackName(), r.getSourceSid(),
                r.getType() == null ? "unknown" : r.getType().toString(),
                r.getCodec() == null ? "unknown" : r.getCodec().toString(),
                r.getContainerFormat() == null ? "unknown" : r.getContainerFormat().toString(),
                r.getOffset() == null ? 0 : r.getOffset(), r.getSize() == null ? -1 : r.getSize(),
                r.getDuration() == null ? -1 : r.getDuration());
    }

    /** One recording of a room by sid (any kind, any status). */
    public TrackRecording recording(String roomSid, String recordingSid) {
        return toTrackRecording(RoomRecording.fetcher(roomSid, recordingSid).fetch(client), roomSid);
    }

    /** The smallest offset among all the room's recordings (any status), which the room's clock starts from. */
    public java.util.OptionalLong earliestOffset(String roomSid) {
        java.util.OptionalLong min = java.util.OptionalLong.empty();
        for (RoomRecording r : RoomRecording.reader(roomSid).pageSize(PAGE_SIZE).limit(MAX_RECORDS).read(client)) {
            if (r.getOffset() != null && (min.isEmpty() || r.getOffset() < min.getAsLong())) {
                min = java.util.OptionalLong.of(r.getOffset());
            }
        }
        return min;
    }

    /**
     * A participant's identity, looked up by sid, whatever their status. (The room's participant list answers only
     * {@code connected} participants of a room in progress by default, so someone who already left, when their
     * recordings usually complete, would be missing from it.)
     *
     * @return the identity, or empty if Twilio knows no such participant
     */
    public Optional<String> identity(String roomSid, String participantSid) {
        Objects.requireNonNull(roomSid, "roomSid");
        Objects.requireNonNull(participantSid, "participantSid");
        try {
            return Optional.ofNullable(Participant.fetcher(roomSid, participantSid).fetch(client).getIdentity());
        } catch (ApiException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String groupingSid(Object groupingSids, String key) {
        if (groupingSids instanceof Map<?, ?> m && m.get(key) != null) {
            return m.get(key).toString();
        }
        return null;
    }
}
