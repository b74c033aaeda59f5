package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.twilio.http.TwilioRestClient;
import io.github.mask4j.twilio.recording.FramePrediction;
import io.github.mask4j.twilio.recording.MediaDownloadException;
import io.github.mask4j.twilio.recording.MediaDownloader;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingCatalog;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import io.github.mask4j.twilio.recording.RoomTimeline;
import io.github.mask4j.twilio.recording.TrackRecording;
import io.github.mask4j.twilio.rest.RoutingHttpClient;
import io.github.mask4j.twilio.rest.TwilioClients;
import io.github.mask4j.video.VideoCodec;
import io.github.mask4j.video.VideoEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded path end to end: MKVs (VP8 and H.264) encoded at test time from labelled sample frames, served by the
 * fake Twilio API behind both redirect styles, listed by twilio-java, downloaded, decoded, classified by the real
 * MobileNet V2 classifier and laid out on the room's clock.
 */
class RecordingTimelineTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingTimelineTest.class);
    private static final TwilioCredentials CREDS =
            new TwilioCredentials(FakeTwilioVideo.ACCOUNT, FakeTwilioVideo.KEY, FakeTwilioVideo.SECRET);
    /** Each labelled sample frame (2 per second) is held for 5 video frames at 10 fps. */
    private static final int FPS = 10;
    private static final int HOLD = 5;
    private static final long FRAME_MILLIS = 500;
    private static final long BASE_OFFSET = 1_764_150_000_000L;
    private static final long BOB_JOINS = 3000;

    static Path work;
    static Path aliceMkv;
    static Path bobMkv;

    @BeforeAll
    static void encode() throws IOException {
        work = Files.createDirectories(Path.of("target", "recording-test"));
        aliceMkv = encode(MaskClassifier.clip("putting-on-mask-a"), work.resolve("alice-vp8.mkv"), VideoCodec.VP8);
        bobMkv = encode(MaskClassifier.clip("no-mask-man-studio"), work.resolve("bob-h264.mkv"), VideoCodec.H264);
    }

    static Path encode(List<MaskClassifier.LabelledFrame> frames, Path out, VideoCodec codec) throws IOException {
        return encode(frames, out, codec, Duration.ZERO);
    }

    /** Encodes the frames, the first one stored at {@code start} (as a track recorded from then on). */
    static Path encode(List<MaskClassifier.LabelledFrame> frames, Path out, VideoCodec codec, Duration start)
            throws IOException {
        BufferedImage first = ImageIO.read(frames.get(0).file().toFile());
        int w = first.getWidth() & ~1;
        int h = first.getHeight() & ~1;
        try (VideoEncoder enc = VideoEncoder.open(out, codec, w, h, FPS)) {
            enc.skipTo(start);
            for (MaskClassifier.LabelledFrame f : frames) {
                BufferedImage img = ImageIO.read(f.file().toFile());
                for (int i = 0; i < HOLD; i++) {
                    enc.write(img);
                }
            }
        }
        return out;
    }

    private static FakeTwilioVideo fakeRoom() throws IOException {
        FakeTwilioVideo fake = new FakeTwilioVideo();
        fake.rooms.add(new FakeTwilioVideo.Room("RM100", "class-7b", "completed"));
        fake.participants.add(new FakeTwilioVideo.Participant("PA1", "RM100", "alice", "disconnected"));
        fake.participants.add(new FakeTwilioVideo.Participant("PA2", "RM100", "bob", "disconnected"));
        // alice: VP8, media behind a 302; bob: H.264 joined 3 s later, media behind a redirect_to JSON answer
        fake.recordings.add(new FakeTwilioVideo.Recording("RT1", "RM100", "PA1", "camera", "video", "VP8",
                BASE_OFFSET, aliceMkv, false));
        fake.recordings.add(new FakeTwilioVideo.Recording("RT2", "RM100", "PA1", "mic", "audio", "OPUS",
                BASE_OFFSET, aliceMkv, false));
        fake.recordings.add(new FakeTwilioVideo.Recording("RT3", "RM100", "PA2", "cam", "video", "H264",
                BASE_OFFSET + BOB_JOINS, bobMkv, true));
        return fake;
    }

    @Test
    void downloadFollowsBothRedirectStylesRetriesAndChecksTheSize() throws Exception {
        try (FakeTwilioVideo fake = fakeRoom()) {
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            List<TrackRecording> recs = new RecordingCatalog(client).videoRecordings("RM100");
            assertThat(recs).extracting(TrackRecording::sid).containsExactly("RT1", "RT3");
            assertThat(recs.get(0).codec()).isEqualTo("VP8");
            assertThat(recs.get(1).codec()).isEqualTo("H264");
            assertThat(recs.get(1).container()).isEqualTo("mkv");
            assertThat(recs.get(1).offsetMillis() - recs.get(0).offsetMillis()).isEqualTo(BOB_JOINS);

            MediaDownloader dl = new MediaDownloader(CREDS, routing::route, 3, Duration.ofMillis(10));
            // the storage drops the first attempt half way: retried, and the result is complete
            fake.truncateNext.put("RT3", new AtomicInteger(1));
            Path target = work.resolve("dl-RT3.mkv");
            long n = dl.download(recs.get(1), target);
            assertThat(n).isEqualTo(Files.size(bobMkv));
            assertThat(Files.mismatch(target, bobMkv)).isEqualTo(-1L);
            assertThat(fake.requestsMatching("GET /storage/RT3")).hasSize(2);
            assertThat(fake.requestsMatching("GET /v1/Recordings/RT3/Media")).hasSize(2);
            assertThat(fake.leakedAuth.get()).isZero();

            // always truncated: a typed error after the attempts, and no half file left behind
            fake.truncateNext.put("RT1", new AtomicInteger(100));
            Path broken = work.resolve("dl-RT1.mkv");
            Files.deleteIfExists(broken);
            assertThatThrownBy(() -> dl.download(recs.get(0), broken)).isInstanceOf(MediaDownloadException.class)
                    .hasMessageContaining("RT1").hasMessageContaining("3 attempts");
            assertThat(broken).doesNotExist();
            try (var files = Files.list(work)) {
                assertThat(files.filter(p -> p.toString().endsWith(".part"))).isEmpty();
            }
        }
    }

    @Test
    void aStorageServerThatStopsSendingMidBodyFailsTheAttemptAndTheRetrySucceeds() throws Exception {
        try (FakeTwilioVideo fake = fakeRoom()) {
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            TrackRecording bob = new RecordingCatalog(client).videoRecordings("RM100").get(1);
            MediaDownloader dl = new MediaDownloader(CREDS, routing::route, 2, Duration.ofMillis(10),
                    Duration.ofMillis(500));

            // the first attempt gets half the body, then silence on an open connection: abandoned, retried
            fake.stallNext.put("RT3", new AtomicInteger(1));
            Path target = work.resolve("stalled-RT3.mkv");
            // a hang guard, not a speed check: without the stall timeout this download never returns
            long n = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> dl.download(bob, target));
            assertThat(n).isEqualTo(Files.size(bobMkv));
            assertThat(Files.mismatch(target, bobMkv)).isEqualTo(-1L);
            assertThat(fake.requestsMatching("GET /storage/RT3")).hasSize(2);

            // stalled on every attempt: a typed error naming the stall, the previous file untouched, no .part left
            fake.stallNext.put("RT3", new AtomicInteger(2));
            assertThatThrownBy(() -> dl.download(bob, target)).isInstanceOf(MediaDownloadException.class)
                    .hasMessageContaining("RT3").hasMessageContaining("2 attempts")
                    .hasMessageContaining("no data for 500 ms");
            assertThat(Files.mismatch(target, bobMkv)).isEqualTo(-1L);
            try (var files = Files.list(work)) {
                assertThat(files.filter(p -> p.toString().endsWith(".part"))).isEmpty();
            }
            assertThatThrownBy(() -> new MediaDownloader(CREDS, routing::route, 1, Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stallTimeout");
        }
    }

    @Test
    void timelinesMatchTheFramesKnownLabels() throws Exception {
        try (FakeTwilioVideo fake = fakeRoom()) {
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            RecordingProcessor processor = RecordingProcessor.builder()
                    .catalog(new RecordingCatalog(client))
                    .downloader(new MediaDownloader(CREDS, routing::route, 3, Duration.ofMillis(10)))
                    .classifier(MaskClassifier.get())
                    .framesPerSecond(2)
                    .workDir(work.resolve("media"))
                    .build();
            RoomTimeline room = processor.process("RM100");
            assertThat(room.originOffsetMillis()).isEqualTo(BASE_OFFSET);
            assertThat(room.participants()).extracting(ParticipantTimeline::identity).containsExactly("alice", "bob");

            ParticipantTimeline alice = room.participant("alice").orElseThrow();
            ParticipantTimeline bob = room.participant("bob").orElseThrow();
            LOG.info("alice (putting-on-mask-a, VP8): {}", alice.intervals());
            LOG.info("bob (no-mask-man-studio, H.264, joined at 3 s): {}", bob.intervals());

            List<MaskClassifier.LabelledFrame> aliceTruth = MaskClassifier.clip("putting-on-mask-a");
            List<MaskClassifier.LabelledFrame> bobTruth = MaskClassifier.clip("no-mask-man-studio");
            // every sample frame decoded once, on the room clock; bob's start 3 s later
            assertThat(alice.frames()).hasSize(aliceTruth.size());
            assertThat(bob.frames()).hasSize(bobTruth.size());
            assertThat(alice.frames().get(0).roomMillis()).isEqualTo(0);
            assertThat(bob.frames().get(0).roomMillis()).isEqualTo(BOB_JOINS);

            double aliceAgree = agreement(alice, aliceTruth, 0);
            double bobAgree = agreement(bob, bobTruth, BOB_JOINS);
            LOG.info(String.format(Locale.ROOT, "agreement with labels.csv (transition/no_face frames left out): "
                    + "alice %.2f, bob %.2f", aliceAgree, bobAgree));
            // whole-frame classification with a classifier trained on face crops: both measured at 1.00 here
            // (every with_mask/without_mask frame right); 0.9 leaves room for other FFmpeg builds' decoding
            assertThat(aliceAgree).isGreaterThanOrEqualTo(0.9);
            assertThat(bobAgree).isGreaterThanOrEqualTo(0.9);
            assertThat(alice.labelAt(alice.frames().get(alice.frames().size() - 1).roomMillis())).isPresent();
        }
    }

    @Test
    void maskDetectorTimelinesMatchTheFramesKnownLabels() throws Exception {
        try (FakeTwilioVideo fake = fakeRoom()) {
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            RecordingProcessor processor = RecordingProcessor.builder()
                    .catalog(new RecordingCatalog(client))
                    .downloader(new MediaDownloader(CREDS, routing::route, 3, Duration.ofMillis(10)))
                    .maskDetector(MaskClassifier.faces())
                    .framesPerSecond(2)
                    .workDir(work.resolve("face-media"))
                    .build();
            RoomTimeline room = processor.process("RM100");
            ParticipantTimeline alice = room.participant("alice").orElseThrow();
            ParticipantTimeline bob = room.participant("bob").orElseThrow();
            LOG.info("face path, alice: {}", alice.intervals());
            LOG.info("face path, bob: {}", bob.intervals());
            List<MaskClassifier.LabelledFrame> aliceTruth = MaskClassifier.clip("putting-on-mask-a");
            List<MaskClassifier.LabelledFrame> bobTruth = MaskClassifier.clip("no-mask-man-studio");
            assertThat(alice.frames()).hasSize(aliceTruth.size());
            assertThat(bob.frames()).hasSize(bobTruth.size());
            assertThat(bob.frames().get(0).roomMillis()).isEqualTo(BOB_JOINS);
            // every frame is a face's label or no_face, never anything else
            assertThat(alice.frames()).extracting(FramePrediction::label)
                    .allMatch(l -> List.of("with_mask", "without_mask", RecordingProcessor.NO_FACE).contains(l));
            double aliceAgree = agreement(alice, aliceTruth, 0);
            double bobAgree = agreement(bob, bobTruth, BOB_JOINS);
            LOG.info(String.format(Locale.ROOT, "face path agreement with labels.csv: alice %.2f, bob %.2f",
                    aliceAgree, bobAgree));
            // the face path agrees with all 100 labelled clip frames in mask-core's test; a no_face frame counts
            // as a miss here
            assertThat(aliceAgree).isGreaterThanOrEqualTo(0.9);
            assertThat(bobAgree).isGreaterThanOrEqualTo(0.9);
            // alice puts her mask on: her timeline starts without and ends with a mask
            assertThat(alice.frames().get(0).label()).isEqualTo("without_mask");
            assertThat(alice.intervals().get(alice.intervals().size() - 1).label()).isEqualTo("with_mask");
        }
    }

    @Test
    void signedRecordingCompletedCallbackStartsProcessing() throws Exception {
        String authToken = "abcdefabcdefabcdefabcdefabcdef12";
        java.net.URI publicUrl = java.net.URI.create("https://mask4j.example.org/twilio/video-status");
        java.util.concurrent.BlockingQueue<ParticipantTimeline> done = new java.util.concurrent.LinkedBlockingQueue<>();
        try (FakeTwilioVideo fake = fakeRoom()) {
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            RecordingProcessor processor = RecordingProcessor.builder().catalog(new RecordingCatalog(client))
                    .downloader(new MediaDownloader(CREDS, routing::route, 3, Duration.ofMillis(10)))
                    .classifier(MaskClassifier.get()).workDir(work.resolve("callback-media")).build();
            try (var server = io.github.mask4j.twilio.callback.StatusCallbackServer.builder().authToken(authToken)
                    .publicUrl(publicUrl).processRecordings(processor, done::add).build()) {
                // shaped as Twilio sends recording callbacks: Type/Container/Codec (no TrackKind)
                java.util.Map<String, String> params = java.util.Map.of("RoomSid", "RM100", "RoomName", "class-7b",
                        "StatusCallbackEvent", "recording-completed", "RecordingSid", "RT3", "Type", "video",
                        "Codec", "H264", "Container", "mkv", "ParticipantSid", "PA2", "ParticipantIdentity", "bob");
                String body = params.entrySet().stream().map(e -> e.getKey() + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                        .collect(java.util.stream.Collectors.joining("&"));
                var req = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + server.port() + publicUrl.getPath()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", StatusCallbackTest.sign(authToken, publicUrl.toString(), params))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
                int status = java.net.http.HttpClient.newHttpClient()
                        .send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                assertThat(status).isEqualTo(204);
                ParticipantTimeline t = done.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(t).as("timeline from the callback").isNotNull();
                assertThat(t.identity()).isEqualTo("bob");
                assertThat(t.recordingSids()).containsExactly("RT3");
                assertThat(t.frames().get(0).roomMillis()).isEqualTo(BOB_JOINS);
                assertThat(agreement(t, MaskClassifier.clip("no-mask-man-studio"), BOB_JOINS)).isGreaterThanOrEqualTo(0.9);
            }
        }
    }

    /** Fraction of frames with a with_mask/without_mask truth whose predicted label matches it. */
    static double agreement(ParticipantTimeline t, List<MaskClassifier.LabelledFrame> truth, long shift) {
        int n = 0;
        int ok = 0;
        for (FramePrediction p : t.frames()) {
            int index = (int) Math.round((p.roomMillis() - shift) / (double) FRAME_MILLIS);
            String expected = truth.get(Math.min(index, truth.size() - 1)).label();
            if (expected.equals("with_mask") || expected.equals("without_mask")) {
                n++;
                if (expected.equals(p.label())) {
                    ok++;
                }
            }
        }
        return n == 0 ? 0 : ok / (double) n;
    }
}
