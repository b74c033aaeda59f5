package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.http.SessionSecret;
import io.github.mask4j.twilio.relay.LatestFrameSource;
import io.github.mask4j.twilio.relay.RelayServer;
import io.github.mask4j.twilio.relay.RelayTokens;
import io.github.mask4j.twilio.web.RelayClientScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The relay socket driven by a JDK WebSocket client: tokens, size limits, latest-frame-wins, results back. */
class RelayWebSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    /** Collects text messages and the close code. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> all = new CopyOnWriteArrayList<>();
        final java.util.Map<String, Integer> consumed = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int closeCode = -1;
        volatile Throwable error;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    all.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable e) {
            error = e;
        }

        /** The next message of a type not returned before (messages of other types stay available). */
        JsonNode next(String type) throws InterruptedException {
            int skip = consumed.getOrDefault(type, 0);
            for (int i = 0; i < 300; i++) {
                List<JsonNode> ofType = all.stream().filter(m -> m.get("type").asText().equals(type)).toList();
                if (ofType.size() > skip) {
                    consumed.put(type, skip + 1);
                    return ofType.get(skip);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no " + type + " message; got " + all);
        }
    }

    static WebSocket connect(RelayServer relay, String token, Client client) throws Exception {
        String url = "ws://127.0.0.1:" + relay.port() + "/relay" + (token == null ? "" : "?token=" + token);
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
    }

    static ByteBuffer frame(String room, String participant, String track, long ts, byte[] jpeg) {
        byte[] header = JSON.createObjectNode().put("room", room).put("participant", participant).put("track", track)
                .put("timestamp", ts).toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + header.length + jpeg.length);
        b.putInt(header.length).put(header).put(jpeg).flip();
        return b;
    }

    static byte[] sampleJpeg(String clip, int index) throws Exception {
        return Files.readAllBytes(MaskClassifier.clip(clip).get(index).file());
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void socketNeedsAValidUnexpiredTokenForTheRoom() throws Exception {
        MutableClock clock = new MutableClock();
        RelayTokens tokens = new RelayTokens(SECRET, clock);
        try (RelayServer relay = RelayServer.builder().tokens(tokens).onTrack(s -> { }).build()) {
            String token = tokens.mint("class-7b", Duration.ofMinutes(2));
            Client ok = new Client();
            WebSocket ws = connect(relay, token, ok);
            assertThat(ok.next("welcome").get("room").asText()).isEqualTo("class-7b");
            // a frame for another room than the token's is refused
            ws.sendBinary(frame("other-room", "alice", "cam", 1, sampleJpeg("mask-woman-laptop", 0)), true).get();
            assertThat(ok.next("refused").get("reason").asText()).contains("token is for room class-7b");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();

            assertHandshakeFails(relay, null);
            assertHandshakeFails(relay, "garbage");
            String forged = new RelayTokens("another-secret-another-secret-123".getBytes(StandardCharsets.UTF_8), clock)
                    .mint("class-7b", Duration.ofMinutes(2));
            assertHandshakeFails(relay, forged);
            // a token for another room, with the signature of this one: tampering breaks the signature
            String[] parts = token.split("\\.");
            String otherRoom = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("other".getBytes(StandardCharsets.UTF_8));
            assertHandshakeFails(relay, otherRoom + "." + parts[1] + "." + parts[2] + "." + parts[3]);
            clock.now = clock.now.plus(Duration.ofMinutes(3));
            assertHandshakeFails(relay, token);
            assertThatThrownBy(() -> tokens.verify(token)).hasMessageContaining("expired");
        }
    }

    private static void assertHandshakeFails(RelayServer relay, String token) {
        assertThatThrownBy(() -> connect(relay, token, new Client())).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void pageAndDemoTokenEndpointAreServed() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        SessionSecret secret = SessionSecret.random();
        try (RelayServer open = RelayServer.builder().tokens(tokens).onTrack(s -> { }).tokenEndpoint(secret).build();
                RelayServer closed = RelayServer.builder().tokens(tokens).onTrack(s -> { }).build()) {
            var page = http.send(java.net.http.HttpRequest.newBuilder(open.pageUri("r", "t")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("new Mask4jRelay(").contains(RelayClientScript.PATH)
                    .contains("twilio-video.min.js");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("frame-ancestors 'none'").contains("'sha256-");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            var script = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + open.port() + RelayClientScript.PATH)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("new WebSocket(").contains("toBlob").contains("setUint32(0, header.length)");
            // tokens only for an authenticated caller
            assertThat(mint(http, open, null).statusCode()).isEqualTo(401);
            var minted = mint(http, open, secret.value());
            assertThat(minted.statusCode()).isEqualTo(200);
            assertThat(tokens.verify(JSON.readTree(minted.body()).get("token").asText())).isEqualTo("class-7b");
            assertThat(mint(http, closed, secret.value()).statusCode()).isEqualTo(404);
        }
    }

    private static java.net.http.HttpResponse<String> mint(HttpClient http, RelayServer relay, String secret)
            throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port()
                + RelayServer.TOKEN_PATH + "?room=class-7b")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oversizeFramesAreRefusedAndHugeMessagesCloseTheSocket() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        List<LatestFrameSource> tracks = new CopyOnWriteArrayList<>();
        try (RelayServer relay = RelayServer.builder().tokens(tokens).maxFrameBytes(16 * 1024).onTrack(tracks::add)
                .build()) {
            Client c = new Client();
            WebSocket ws = connect(relay, tokens.mint("r", Duration.ofMinutes(1)), c);
            c.next("welcome");
            byte[] big = new byte[16 * 1024 + 1];
            big[0] = (byte) 0xFF;
            big[1] = (byte) 0xD8;
            ws.sendBinary(frame("r", "alice", "cam", 1, big), true).get();
            assertThat(c.next("refused").get("reason").asText()).contains("too large");
            ws.sendBinary(frame("r", "alice", "cam", 2, "not a jpeg".getBytes(StandardCharsets.UTF_8)), true).get();
            assertThat(c.next("refused").get("reason").asText()).contains("not a JPEG");
            assertThat(tracks).isEmpty();
            // the socket is still usable: a real frame is accepted
            byte[] jpeg = sampleJpeg("mask-woman-laptop", 0);
            assertThat(jpeg.length).isLessThan(16 * 1024);
            ws.sendBinary(frame("r", "alice", "cam", 3, jpeg), true).get();
            waitFor(() -> relay.receivedFrames() == 1);
            assertThat(tracks).hasSize(1);
            assertThat(relay.refusedFrames()).isEqualTo(2);
            // far beyond the limit the WebSocket layer closes the connection (1009) before buffering it
            try {
                ws.sendBinary(frame("r", "alice", "cam", 4, new byte[16 * 1024 * 5]), true).get();
            } catch (ExecutionException e) {
                // the server may close while the client is still writing
                assertThat(e).hasRootCauseInstanceOf(java.io.IOException.class);
            }
            waitFor(() -> c.closeCode != -1 || c.error != null);
            if (c.closeCode != -1) {
                assertThat(c.closeCode).isEqualTo(1009);
            }
            assertThat(relay.receivedFrames()).isEqualTo(1);
            // and closing the socket ends its tracks
            waitFor(() -> relay.track(new FrameOrigin("r", "alice", "cam")).isEmpty());
            assertThat(tracks.get(0).isClosed()).isTrue();
            // its last frame can still be taken, then it is finished
            assertThat(tracks.get(0).next(Duration.ZERO)).isPresent();
            assertThat(tracks.get(0).isFinished()).isTrue();
        }
    }

    @Test
    void aSlowConsumerHoldsOnlyTheLatestFramePerTrack() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        List<LatestFrameSource> tracks = new CopyOnWriteArrayList<>();
        // the consumer takes nothing until all frames are in: the slowest possible consumer
        try (RelayServer relay = RelayServer.builder().tokens(tokens).onTrack(tracks::add).build()) {
            Client c = new Client();
            WebSocket ws = connect(relay, tokens.mint("r", Duration.ofMinutes(1)), c);
            c.next("welcome");
            byte[] jpeg = sampleJpeg("mask-woman-laptop", 0);
            for (int i = 1; i <= 50; i++) {
                ws.sendBinary(frame("r", "alice", "cam", i, jpeg), true).get();
                ws.sendBinary(frame("r", "bob", "cam", 1000 + i, jpeg), true).get();
            }
            waitFor(() -> relay.receivedFrames() == 100);
            assertThat(tracks).hasSize(2);
            for (LatestFrameSource t : tracks) {
                assertThat(t.offered()).isEqualTo(50);
                assertThat(t.dropped()).isEqualTo(49);
                assertThat(t.hasPending()).isTrue();
                Optional<Frame> f = t.next(Duration.ZERO);
                assertThat(f).isPresent();
                assertThat(f.get().timestampMillis()).isEqualTo(t.origin().participant().equals("alice") ? 50 : 1050);
                assertThat(t.hasPending()).isFalse();
                assertThat(t.next(Duration.ofMillis(10))).isEmpty();
            }
            assertThat(relay.track(new FrameOrigin("r", "alice", "cam"))).isPresent();
        }
    }

    @Test
    void classificationsGoBackToThePage() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.majority(3)).build();
                RelayServer relay = RelayServer.builder().tokens(tokens).monitor(monitor).build()) {
            Client c = new Client();
            WebSocket ws = connect(relay, tokens.mint("class-7b", Duration.ofMinutes(1)), c);
            // the page is told the model's input side, to scale its frames down to before encoding
            assertThat(c.next("welcome").get("frameShortSide").asInt()).isEqualTo(224)
                    .isEqualTo(monitor.frameShortSide());
            List<MaskClassifier.LabelledFrame> frames = MaskClassifier.clip("mask-woman-laptop");
            int withMask = 0;
            for (int i = 0; i < 4; i++) {
                ws.sendBinary(frame("class-7b", "carol", "camera", i * 500L, Files.readAllBytes(frames.get(i).file())),
                        true).get();
                JsonNode r = c.next("result");
                assertThat(r.get("participant").asText()).isEqualTo("carol");
                assertThat(r.get("track").asText()).isEqualTo("camera");
                assertThat(r.get("timestamp").asLong()).isEqualTo(i * 500L);
                assertThat(r.get("confidence").asDouble()).isBetween(0.0, 1.0);
                if (r.get("label").asText().equals(frames.get(i).label())) {
                    withMask++;
                }
            }
            assertThat(withMask).as("frames of a masked clip classified with_mask").isGreaterThanOrEqualTo(3);
            JsonNode state = c.next("state");
            assertThat(state.get("participant").asText()).isEqualTo("carol");
            assertThat(monitor.state("class-7b", "carol")).contains("with_mask");
        }
    }

    @Test
    void trackLimitsArePerConnectionPerRoomAndGlobalAndSilentTracksEnd() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        List<FrameOrigin> ended = new CopyOnWriteArrayList<>();
        byte[] jpeg = sampleJpeg("mask-woman-laptop", 0);
        try (RelayServer relay = RelayServer.builder().tokens(tokens).onTrack(s -> { }).onTrackEnd(ended::add)
                .limits(l -> l.maxTracks(3, 2, 2).trackIdleTimeout(Duration.ofMillis(600))).build()) {
            Client a = new Client();
            WebSocket wa = connect(relay, tokens.mint("r1", Duration.ofMinutes(1)), a);
            for (int i = 0; i < 3; i++) {
                wa.sendBinary(frame("r1", "ann", "t" + i, 1, jpeg), true).get();
            }
            assertThat(a.next("refused").get("reason").asText()).contains("too many tracks on this connection");
            Client b = new Client();
            WebSocket wb = connect(relay, tokens.mint("r1", Duration.ofMinutes(1)), b);
            wb.sendBinary(frame("r1", "ben", "cam", 1, jpeg), true).get();
            assertThat(b.next("refused").get("reason").asText()).contains("too many tracks in room r1");
            Client c = new Client();
            WebSocket wc = connect(relay, tokens.mint("r2", Duration.ofMinutes(1)), c);
            wc.sendBinary(frame("r2", "cat", "cam", 1, jpeg), true).get();
            waitFor(() -> relay.track(new FrameOrigin("r2", "cat", "cam")).isPresent());
            Client d = new Client();
            WebSocket wd = connect(relay, tokens.mint("r3", Duration.ofMinutes(1)), d);
            wd.sendBinary(frame("r3", "dan", "cam", 1, jpeg), true).get();
            assertThat(d.next("refused").get("reason").asText()).contains("too many tracks (limit 3)");

            // silence frees the slots: every track ends, its page is told, and a new track fits again
            waitFor(() -> relay.evictedTracks() == 3 && ended.size() == 3);
            assertThat(a.next("ended").get("reason").asText()).isEqualTo("idle");
            wd.sendBinary(frame("r3", "dan", "cam", 2, jpeg), true).get();
            waitFor(() -> relay.track(new FrameOrigin("r3", "dan", "cam")).isPresent());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    @Test
    void framesBeforeTrainingAreAnsweredNotTrainedThenClassifiedOnceTheClassifierIs() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        Classifier untrained = SharedData.extractor(BuiltinModel.MOBILENET_V2).classification();
        AtomicReference<Classifier> current = new AtomicReference<>(untrained);
        List<String> unclassified = new CopyOnWriteArrayList<>();
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(current::get).smoothing(Smoothing.none())
                .listener(new io.github.mask4j.twilio.monitor.MonitorListener() {
                    @Override
                    public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
                        unclassified.add(origin.participant() + ":" + reason);
                    }
                }).build();
                RelayServer relay = RelayServer.builder().tokens(tokens).monitor(monitor).servePage(false).build()) {
            assertThatThrownBy(() -> relay.pageUri("r", "t")).isInstanceOf(IllegalStateException.class);
            Client c = new Client();
            WebSocket ws = connect(relay, tokens.mint("class-7b", Duration.ofMinutes(1)), c);
            c.next("welcome");
            byte[] jpeg = sampleJpeg("mask-woman-laptop", 5);
            for (int i = 0; i < 3; i++) {
                ws.sendBinary(frame("class-7b", "dave", "camera", i, jpeg), true).get();
                JsonNode u = c.next("unclassified");
                assertThat(u.get("reason").asText()).isEqualTo(RoomMonitor.NOT_TRAINED);
                assertThat(u.get("participant").asText()).isEqualTo("dave");
            }
            assertThat(unclassified).containsOnly("dave:" + RoomMonitor.NOT_TRAINED);
            assertThat(c.all).noneMatch(m -> m.get("type").asText().equals("result"));
            assertThat(monitor.state("class-7b", "dave")).isEmpty();

            current.set(MaskClassifier.get()); // the application trained (or replaced) its classifier
            ws.sendBinary(frame("class-7b", "dave", "camera", 10, jpeg), true).get();
            JsonNode r = c.next("result");
            assertThat(r.get("label").asText()).isEqualTo("with_mask");
            assertThat(monitor.state("class-7b", "dave")).contains("with_mask");
        }
    }
}
