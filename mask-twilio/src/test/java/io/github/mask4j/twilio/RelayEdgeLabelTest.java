package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.twilio.RelayWebSocketTest.Client;
import io.github.mask4j.twilio.monitor.EdgeCheck;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.relay.RelayServer;
import io.github.mask4j.twilio.relay.RelayTokens;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Edge mode: labels computed by the page are smoothed like the monitor's own, and spot checks flag a liar. */
class RelayEdgeLabelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    static final class Recorder implements MonitorListener {
        final List<TrackPrediction> predictions = new CopyOnWriteArrayList<>();
        final List<StateChange> changes = new CopyOnWriteArrayList<>();
        final List<EdgeCheck> checks = new CopyOnWriteArrayList<>();

        @Override
        public void onPrediction(TrackPrediction p) {
            predictions.add(p);
        }

        @Override
        public void onStateChange(StateChange c) {
            changes.add(c);
        }

        @Override
        public void onEdgeCheck(EdgeCheck c) {
            checks.add(c);
        }
    }

    @Test
    void edgeLabelsAreSmoothedExactlyLikeTheMonitorsOwn() {
        FrameOrigin alice = new FrameOrigin("class-7b", "alice", "camera");
        Recorder server = new Recorder();
        Recorder edge = new Recorder();
        List<MaskClassifier.LabelledFrame> frames = MaskClassifier.clip("putting-on-mask-a");
        try (RoomMonitor own = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.hysteresis(2)).listener(server).build();
                RoomMonitor fromEdge = RoomMonitor.builder().classifier(MaskClassifier.get())
                        .smoothing(Smoothing.hysteresis(2)).listener(edge).build()) {
            for (int i = 0; i < frames.size(); i++) {
                TrackPrediction p = own.submit(new Frame(alice, i * 500L, ImageInput.of(frames.get(i).file())));
                // what a page running the exported model sends: its most confident label and that confidence
                var c = MaskClassifier.get().classify(ImageInput.of(frames.get(i).file()));
                fromEdge.accept(alice, i * 500L, c.label(), c.confidence());
                assertThat(p.label()).isIn(c.label(), RoomMonitor.NOT_SURE);
            }
            assertThat(edge.predictions).isEqualTo(server.predictions);
            assertThat(edge.changes).isEqualTo(server.changes);
            assertThat(edge.changes).isNotEmpty();
            assertThat(fromEdge.state("class-7b", "alice")).isEqualTo(own.state("class-7b", "alice"));

            assertThatThrownBy(() -> fromEdge.accept(alice, 1, "bandana", 0.9))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bandana")
                    .hasMessageContaining("with_mask");
            assertThatThrownBy(() -> fromEdge.accept(alice, 1, "with_mask", 1.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        }
    }

    @Test
    void labelsTravelOverTheSocketAndSpotChecksFlagATrackThatDisagrees() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET, Clock.systemUTC());
        Recorder rec = new Recorder();
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.majority(3)).edgeCheck(4, 0.25).listener(rec).build();
                RelayServer relay = RelayServer.builder().tokens(tokens).monitor(monitor).build()) {
            Client c = new Client();
            WebSocket ws = RelayWebSocketTest.connect(relay, tokens.mint("class-7b", Duration.ofMinutes(1)), c);
            c.next("welcome");

            // labels only: no pixels travel, the tile's state comes from them
            for (int i = 0; i < 3; i++) {
                ws.sendText(label("carol", i * 500L, "with_mask", 0.97).toString(), true).get();
                JsonNode r = c.next("result");
                assertThat(r.get("label").asText()).isEqualTo("with_mask");
                assertThat(r.get("timestamp").asLong()).isEqualTo(i * 500L);
            }
            assertThat(c.next("state").get("label").asText()).isEqualTo("with_mask");
            assertThat(monitor.state("class-7b", "carol")).contains("with_mask");
            assertThat(relay.receivedLabels()).isEqualTo(3);

            // an honest page: its label with the frame, the server agrees
            List<MaskClassifier.LabelledFrame> masked = MaskClassifier.clip("mask-woman-laptop");
            for (int i = 0; i < 4; i++) {
                byte[] jpeg = Files.readAllBytes(masked.get(i).file());
                String own = MaskClassifier.get().classify(ImageInput.of(jpeg, "frame")).label();
                ws.sendBinary(frame(label("carol", 2000 + i * 500L, own, 0.9), jpeg), true).get();
                JsonNode checked = c.next("checked");
                assertThat(checked.get("agrees").asBoolean()).isTrue();
                assertThat(checked.get("flagged").asBoolean()).isFalse();
            }
            // a page that says "with_mask" for an unmasked face is flagged once it disagrees on more than 1 in 4
            List<MaskClassifier.LabelledFrame> unmasked = MaskClassifier.clip("no-mask-man-outdoor");
            List<JsonNode> checks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] jpeg = Files.readAllBytes(unmasked.get(i).file());
                ws.sendBinary(frame(label("dave", i * 500L, "with_mask", 0.99), jpeg), true).get();
                checks.add(c.next("checked"));
            }
            long disagreed = checks.stream().filter(n -> !n.get("agrees").asBoolean()).count();
            assertThat(disagreed).isGreaterThanOrEqualTo(5);
            assertThat(checks.get(checks.size() - 1).get("flagged").asBoolean()).isTrue();
            EdgeCheck dave = monitor.edgeCheck(new FrameOrigin("class-7b", "dave", "camera")).orElseThrow();
            assertThat(dave.verified()).isEqualTo(6);
            assertThat(dave.flagged()).isTrue();
            assertThat(dave.serverLabel()).isEqualTo("without_mask");
            assertThat(monitor.edgeCheck(new FrameOrigin("class-7b", "carol", "camera")).orElseThrow().flagged())
                    .isFalse();

            // labels the classifier does not have, and malformed ones, are refused; the socket stays open
            ws.sendText(label("carol", 9000, "bandana", 0.9).toString(), true).get();
            assertThat(c.next("refused").get("reason").asText()).contains("bandana");
            ws.sendText("{\"type\":\"label\",\"room\":\"class-7b\"}", true).get();
            assertThat(c.next("refused").get("reason").asText()).contains("participant");
            ws.sendText("hello", true).get();
            assertThat(c.next("refused").get("reason").asText()).contains("JSON");
            ws.sendText(label("carol", 9500, "with_mask", 0.9).toString(), true).get();
            // 3 + 1 labels alone, 10 with their frames; the refused ones not counted
            RelayWebSocketTest.waitFor(() -> relay.receivedLabels() == 14);
        }
    }

    static com.fasterxml.jackson.databind.node.ObjectNode label(String participant, long ts, String label,
            double confidence) {
        return JSON.createObjectNode().put("type", "label").put("room", "class-7b").put("participant", participant)
                .put("track", "camera").put("timestamp", ts).put("label", label).put("confidence", confidence);
    }

    static ByteBuffer frame(com.fasterxml.jackson.databind.node.ObjectNode header, byte[] jpeg) {
        header.remove("type");
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + h.length + jpeg.length);
        b.putInt(h.length).put(h).put(jpeg).flip();
        return b;
    }
}
