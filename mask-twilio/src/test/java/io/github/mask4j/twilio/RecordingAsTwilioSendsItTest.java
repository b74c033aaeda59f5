package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.http.TwilioRestClient;
import io.github.mask4j.twilio.callback.StatusCallbackServer;
import io.github.mask4j.twilio.recording.MediaDownloader;
import io.github.mask4j.twilio.recording.NotVideoRecordingException;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingCatalog;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import io.github.mask4j.twilio.recording.RoomTimeline;
import io.github.mask4j.twilio.recording.TrackRecording;
import io.github.mask4j.twilio.rest.RoutingHttpClient;
import io.github.mask4j.twilio.rest.TwilioClients;
import io.github.mask4j.video.VideoCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded path with what Twilio really sends: recording callbacks that say {@code Type}/{@code Container}
 * (audio recordings skipped before any download), participants who already left a room still in progress, a
 * {@code size} that is not the file's byte count, two video tracks of one participant, and a track whose first frame
 * is stored at 3 s.
 */
class RecordingAsTwilioSendsItTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingAsTwilioSendsItTest.class);
    private static final TwilioCredentials CREDS =
            new TwilioCredentials(FakeTwilioVideo.ACCOUNT, FakeTwilioVideo.KEY, FakeTwilioVideo.SECRET);
    private static final String AUTH_TOKEN = "abcdefabcdefabcdefabcdefabcdef12";
    private static final URI PUBLIC = URI.create("https://mask4j.example.org/twilio/video-status?tenant=7b");
    private static final long OFFSET = 1_764_150_000_000L;
    private static final long LATE_START = 3000;

    static Path work;
    static Path aliceMkv;
    static Path lateMkv;

    @BeforeAll
    static void encode() throws Exception {
        work = Files.createDirectories(Path.of("target", "recording-twilio-test"));
        aliceMkv = RecordingTimelineTest.encode(MaskClassifier.clip("putting-on-mask-a"), work.resolve("alice.mkv"),
                VideoCodec.VP8);
        // a track whose frames are stored from 3 s on (timestamps as written in the file, not starting at 0)
        lateMkv = RecordingTimelineTest.encode(MaskClassifier.clip("no-mask-man-studio"), work.resolve("late-start.mkv"),
                VideoCodec.VP8, Duration.ofMillis(LATE_START));
    }

    private static RecordingProcessor processor(FakeTwilioVideo fake, String dir) {
        TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
        RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
        return RecordingProcessor.builder().catalog(new RecordingCatalog(client))
                .downloader(new MediaDownloader(CREDS, routing::route, 2, Duration.ofMillis(10)))
                .classifier(MaskClassifier.get()).framesPerSecond(2).workDir(work.resolve(dir)).build();
    }

    private static int post(StatusCallbackServer server, Map<String, String> params) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PUBLIC.getRawPath()
                        + "?" + PUBLIC.getRawQuery()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", StatusCallbackTest.sign(AUTH_TOKEN, PUBLIC.toString(), params))
                .POST(HttpRequest.BodyPublishers.ofString(StatusCallbackTest.form(params))).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> recordingCompleted(String recording, String participantSid, String type,
            String container, String codec) {
        Map<String, String> m = new HashMap<>(Map.of("AccountSid", FakeTwilioVideo.ACCOUNT, "RoomSid", "RM200",
                "RoomName", "class-7b", "RoomStatus", "in-progress", "StatusCallbackEvent", "recording-completed",
                "RecordingSid", recording, "ParticipantSid", participantSid, "Type", type, "Container", container));
        m.put("Codec", codec);
        m.put("SourceSid", "MT" + recording.substring(2));
        m.put("Timestamp", "2026-11-26T10:10:02.000Z");
        return m;
    }

    @Test
    void audioRecordingsAreSkippedBeforeAnyDownloadAndLeftParticipantsKeepTheirIdentity() throws Exception {
        BlockingQueue<ParticipantTimeline> done = new LinkedBlockingQueue<>();
        try (FakeTwilioVideo fake = new FakeTwilioVideo()) {
            // the room is still in progress; bob already left (his recordings complete after he disconnects)
            fake.rooms.add(new FakeTwilioVideo.Room("RM200", "class-7b", "in-progress"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA1", "RM200", "alice", "connected"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA2", "RM200", "bob", "disconnected"));
            fake.recordings.add(new FakeTwilioVideo.Recording("RT5", "RM200", "PA2", "mic", "audio", "OPUS", OFFSET,
                    aliceMkv, false));
            // Twilio's size is the recorded track's, not the file's: the download still succeeds
            fake.recordings.add(new FakeTwilioVideo.Recording("RT6", "RM200", "PA2", "camera", "video", "VP8", OFFSET,
                    aliceMkv, false, Files.size(aliceMkv) + 4321));
            RecordingProcessor processor = processor(fake, "callback");
            try (StatusCallbackServer server = StatusCallbackServer.builder().authToken(AUTH_TOKEN).publicUrl(PUBLIC)
                    .processRecordings(processor, done::add).build()) {
                // audio, as Twilio describes it: answered, and nothing fetched or downloaded
                assertThat(post(server, recordingCompleted("RT5", "PA2", "audio", "mka", "OPUS"))).isEqualTo(204);
                // the video one, without ParticipantIdentity: the identity is looked up by sid, not in the list of
                // connected participants (where bob no longer is)
                assertThat(post(server, recordingCompleted("RT6", "PA2", "video", "mkv", "VP8"))).isEqualTo(204);
                ParticipantTimeline t = done.poll(60, TimeUnit.SECONDS);
                assertThat(t).as("timeline from the callback").isNotNull();
                assertThat(t.identity()).isEqualTo("bob");
                assertThat(t.trackName()).isEqualTo("camera");
                assertThat(t.frames()).hasSize(MaskClassifier.clip("putting-on-mask-a").size());
                assertThat(server.rejectedRequests()).isZero();
            }
            assertThat(fake.requests).noneMatch(r -> r.contains("RT5"));
            assertThat(fake.requests).contains("GET /v1/Rooms/RM200/Participants/PA2");

            // a caller that asks for the audio recording directly: refused before the media is requested
            assertThatThrownBy(() -> processor.processRecording("RM200", "RT5", "bob"))
                    .isInstanceOf(NotVideoRecordingException.class).hasMessageContaining("RT5")
                    .hasMessageContaining("audio");
            assertThat(fake.requestsMatching("GET /v1/Recordings/RT5")).isEmpty();
            // with the callback's ParticipantIdentity no participant look-up is needed
            fake.requests.clear();
            assertThat(processor.processRecording("RM200", "RT6", "bob").identity()).isEqualTo("bob");
            assertThat(fake.requestsMatching("GET /v1/Rooms/RM200/Participants")).isEmpty();
        }
    }

    @Test
    void oneTimelinePerVideoTrackWithFrameTimesAsStoredInTheFile() throws Exception {
        try (FakeTwilioVideo fake = new FakeTwilioVideo()) {
            fake.rooms.add(new FakeTwilioVideo.Room("RM300", "class-7b", "completed"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA1", "RM300", "alice", "disconnected"));
            // alice publishes a camera and a screen share with the same offset; the screen's first frame is at 3 s
            fake.recordings.add(new FakeTwilioVideo.Recording("RT7", "RM300", "PA1", "camera", "video", "VP8", OFFSET,
                    aliceMkv, false));
            fake.recordings.add(new FakeTwilioVideo.Recording("RT8", "RM300", "PA1", "screen", "video", "VP8", OFFSET,
                    lateMkv, true));
            RoomTimeline room = processor(fake, "tracks").process("RM300");
            assertThat(room.tracks("alice")).extracting(ParticipantTimeline::trackName)
                    .containsExactly("camera", "screen");
            ParticipantTimeline camera = room.track("alice", "camera").orElseThrow();
            ParticipantTimeline screen = room.track("alice", "screen").orElseThrow();
            LOG.info("alice camera: {}", camera.intervals());
            LOG.info("alice screen (stored from 3 s): {}", screen.intervals());
            List<MaskClassifier.LabelledFrame> cameraTruth = MaskClassifier.clip("putting-on-mask-a");
            List<MaskClassifier.LabelledFrame> screenTruth = MaskClassifier.clip("no-mask-man-studio");
            // the tracks are not mixed: each timeline has its own clip's frames only
            assertThat(camera.frames()).hasSize(cameraTruth.size());
            assertThat(screen.frames()).hasSize(screenTruth.size());
            assertThat(camera.frames().get(0).roomMillis()).isEqualTo(0);
            assertThat(screen.frames().get(0).roomMillis()).isEqualTo(LATE_START);
            assertThat(RecordingTimelineTest.agreement(camera, cameraTruth, 0)).isGreaterThanOrEqualTo(0.9);
            assertThat(RecordingTimelineTest.agreement(screen, screenTruth, LATE_START)).isGreaterThanOrEqualTo(0.9);
            assertThat(screen.labelAt(LATE_START - 500)).isEmpty();
            assertThat(screen.labelAt(LATE_START)).contains("without_mask");
        }
    }

    @Test
    void trackRecordingsKnowTheirType() {
        TrackRecording audio = new TrackRecording("RT1", "RM1", "PA1", "mic", "MT1", "audio", "OPUS", "mka", 0, 10, 1);
        assertThat(audio.isVideo()).isFalse();
        assertThat(new TrackRecording("RT2", "RM1", "PA1", "cam", "MT2", "video", "VP8", "mkv", 0, 10, 1).isVideo())
                .isTrue();
    }
}
