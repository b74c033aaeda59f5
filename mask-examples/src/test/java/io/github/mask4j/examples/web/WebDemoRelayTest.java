package io.github.mask4j.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.timeline.Smoothing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's embedded relay driven by a JDK WebSocket client speaking the relay's wire format: frames of two
 * participants (real data-set images) arrive before and after training through the HTTP API, and end up on the
 * status board as "not trained", then as each participant's smoothed label.
 */
class WebDemoRelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Collects the server's JSON answers. */
    static final class Answers implements WebSocket.Listener {
        final List<JsonNode> all = new CopyOnWriteArrayList<>();
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

        long count(String type, String participant) {
            return all.stream().filter(m -> m.get("type").asText().equals(type)
                    && (participant == null || participant.equals(m.path("participant").asText()))).count();
        }
    }

    /** Calls the API as the signed-in page does: the session secret, and JSON ({"image": base64}) bodies. */
    JsonNode call(WebDemo demo, String method, String path, byte[] image) throws Exception {
        HttpResponse<String> r = http.send(DemoRequests.request(demo, method, path, image), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return JSON.readTree(r.body());
    }

    static List<Path> images(String split, String label, int n) throws Exception {
        try (var s = Files.list(SharedData.masks().resolve(split).resolve(label))) {
            return s.sorted().limit(n).toList();
        }
    }

    static ByteBuffer frame(String room, String participant, long ts, byte[] jpeg) {
        byte[] header = JSON.createObjectNode().put("room", room).put("participant", participant).put("track", "camera")
                .put("timestamp", ts).toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + header.length + jpeg.length);
        b.putInt(header.length).put(header).put(jpeg).flip();
        return b;
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what + " within 30 s").isTrue();
    }

    @Test
    void framesOfTwoParticipantsBecomeTwoBoardEntriesWithTheirLabels(@TempDir Path tmp) throws Exception {
        try (WebDemo demo = WebDemo.builder(SharedData.extractor(BuiltinModel.MOBILENET_V2)).saveTo(tmp)
                .smoothing(Smoothing.majority(3)).start()) {
            JsonNode state = call(demo, "GET", "/api/state", null);
            assertThat(state.get("relay").get("path").asText()).isEqualTo("/relay");
            assertThat(state.get("relay").get("smoothing").asText()).isEqualTo("majority:3");
            HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(demo.url())
                    .resolve("/vendor/mask4j-relay.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("Mask4jRelay");

            JsonNode relay = call(demo, "POST", "/api/relay?room=class-7b", null);
            assertThat(demo.relay().tokens().verify(relay.get("token").asText())).isEqualTo("class-7b");
            Answers answers = new Answers();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + demo.port()
                    + relay.get("path").asText() + "?token=" + relay.get("token").asText()), answers)
                    .get(10, TimeUnit.SECONDS);

            // before training: answered "not trained", on the socket and on the board
            byte[] masked = Files.readAllBytes(images("test", "with_mask", 1).get(0));
            ws.sendBinary(frame("class-7b", "alice", 1, masked), true).get();
            waitFor("a not_trained answer", () -> answers.count("unclassified", "alice") > 0);
            assertThat(answers.all.stream().filter(m -> m.get("type").asText().equals("unclassified")))
                    .allMatch(m -> m.get("reason").asText().equals("not_trained"));
            waitFor("alice on the board", () -> demo.participants().get("alice", "camera") != null);
            assertThat(demo.participants().get("alice", "camera").state()).isEqualTo(ParticipantStatusBoard.NOT_TRAINED);
            assertThat(call(demo, "GET", "/api/participants", null).get("participants").get(0).get("state").asText())
                    .isEqualTo("not_trained");

            // train through the page's API on data-set images
            for (String label : List.of("with_mask", "without_mask")) {
                for (Path p : images("train", label, 20)) {
                    call(demo, "POST", "/api/examples?label=" + label, Files.readAllBytes(p));
                }
            }
            call(demo, "POST", "/api/train?epochs=15", null);
            waitFor("training", () -> {
                try {
                    return !call(demo, "GET", "/api/train", null).get("running").asBoolean();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // alice wears a mask, bob does not: frames interleaved, each waits for its answer
            List<Path> aliceFrames = images("test", "with_mask", 5);
            List<Path> bobFrames = images("test", "without_mask", 5);
            for (int i = 0; i < 5; i++) {
                long aliceBefore = answers.count("result", "alice");
                long bobBefore = answers.count("result", "bob");
                ws.sendBinary(frame("class-7b", "alice", 1000L + i * 500, Files.readAllBytes(aliceFrames.get(i))), true).get();
                ws.sendBinary(frame("class-7b", "bob", 1000L + i * 500, Files.readAllBytes(bobFrames.get(i))), true).get();
                waitFor("results for frame " + i, () -> answers.count("result", "alice") > aliceBefore
                        && answers.count("result", "bob") > bobBefore);
            }
            assertThat(answers.count("refused", null)).isZero();
            ParticipantStatusBoard.Status alice = demo.participants().get("alice", "camera");
            ParticipantStatusBoard.Status bob = demo.participants().get("bob", "camera");
            assertThat(demo.participants().snapshot()).containsOnlyKeys("alice/camera", "bob/camera");
            assertThat(alice.state()).isEqualTo(ParticipantStatusBoard.CLASSIFIED);
            assertThat(alice.label()).isEqualTo("with_mask");
            assertThat(bob.label()).isEqualTo("without_mask");
            assertThat(alice.confidence()).isBetween(0.5, 1.0);
            assertThat(bob.confidence()).isBetween(0.5, 1.0);
            assertThat(alice.timestampMillis()).isEqualTo(3000L);
            assertThat(demo.monitor().state("class-7b", "alice")).contains("with_mask");
            JsonNode board = call(demo, "GET", "/api/participants", null).get("participants");
            assertThat(board).hasSize(2);
            for (JsonNode p : board) {
                assertThat(p.get("label").asText()).isEqualTo(p.get("identity").asText().equals("alice")
                        ? "with_mask" : "without_mask");
            }

            // leaving (socket closed) ends the tracks and takes both off the board
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
            waitFor("empty board after leaving", () -> demo.participants().snapshot().isEmpty());
        }
    }
}
