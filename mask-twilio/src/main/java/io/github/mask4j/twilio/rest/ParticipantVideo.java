package io.github.mask4j.twilio.rest;

import java.util.List;

/**
 * A participant present in a room (connected or reconnecting) and the video tracks they publish.
 *
 * <p>Immutable and thread-safe.
 *
 * @param participant the participant
 * @param videoTracks their published video tracks
 */
public record ParticipantVideo(ParticipantInfo participant, List<VideoTrackInfo> videoTracks) {
    public ParticipantVideo {
        videoTracks = List.copyOf(videoTracks);
    }
}
