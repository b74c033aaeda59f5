package io.github.mask4j.examples.web;

import static io.github.mask4j.examples.web.WebDemoRelayTest.frame;
import static io.github.mask4j.examples.web.WebDemoRelayTest.images;
import static io.github.mask4j.examples.web.WebDemoRelayTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.FrameCodec;
import io.github.mask4j.kafka.codec.FrameRecord;
import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.kafka.codec.Json;
import io.github.mask4j.kafka.publish.FramePublisher;
import io.github.mask4j.kafka.testing.TestBroker;
import io.github.mask4j.kafka.testing.TopicReader;
import io.github.mask4j.kafka.worker.ClassificationWorker;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --kafka}: the demo's relay publishes what the page sends over the relay socket to the frames topic
 * of a real single-node broker (Kafka's test kit) instead of classifying it, each track keyed room/participant/track
 * and numbered in order; a worker in this JVM then classifies every frame once with a real classifier.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebDemoKafkaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAMES = 4;

    @Test
    void relayedFramesGoToTheFramesTopicInOrderAndAWorkerClassifiesEachOnce(@TempDir Path tmp) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        List<Path> alice = images("test", "with_mask", FRAMES);
        List<Path> bob = images("test", "without_mask", FRAMES);
        try (TestBroker broker = TestBroker.start()) {
            KafkaTopics topics = KafkaTopics.withPrefix("serve");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                topics.create(admin, 3, (short) 1);
            }
            ClientSettings settings = ClientSettings.of(broker.bootstrapServers());
            try (FramePublisher publisher = FramePublisher.builder(settings).topics(topics).build();
                    WebDemo demo = WebDemo.builder(fe).saveTo(tmp.resolve("saved")).publishTo(publisher).start();
                    TopicReader frames = new TopicReader(broker.bootstrapServers(), topics.frames())) {
                HttpResponse<String> state = http.send(DemoRequests.request(demo, "GET", "/api/state", null),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(JSON.readTree(state.body()).get("relay").get("classification").asText()).isEqualTo("kafka");
                HttpResponse<String> token = http.send(DemoRequests.request(demo, "POST", "/api/relay?room=class-7b",
                        null), HttpResponse.BodyHandlers.ofString());
                JsonNode relay = JSON.readTree(token.body());
                WebDemoRelayTest.Answers answers = new WebDemoRelayTest.Answers();
                WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + demo.port()
                        + relay.get("path").asText() + "?token=" + relay.get("token").asText()), answers)
                        .get(10, TimeUnit.SECONDS);

                // interleaved; each pair waits until it is on the topic (the relay keeps only a track's latest frame)
                for (int i = 0; i < FRAMES; i++) {
                    ws.sendBinary(frame("class-7b", "alice", 1000L + i * 500, Files.readAllBytes(alice.get(i))), true)
                            .get();
                    ws.sendBinary(frame("class-7b", "bob", 1000L + i * 500, Files.readAllBytes(bob.get(i))), true)
                            .get();
                    int want = 2 * (i + 1);
                    assertThat(frames.until(r -> r.size() >= want, Duration.ofSeconds(30))).as("frames on the topic")
                            .hasSize(want);
                }
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
                waitFor("the tracks to end", () -> demo.relay().track(new FrameOrigin("class-7b", "alice", "camera"))
                        .isEmpty() && demo.relay().track(new FrameOrigin("class-7b", "bob", "camera")).isEmpty());

                List<ConsumerRecord<byte[], byte[]>> records = frames.until(r -> false, Duration.ofSeconds(1));
                assertThat(records).hasSize(2 * FRAMES);
                for (String who : List.of("alice", "bob")) {
                    List<Path> sent = who.equals("alice") ? alice : bob;
                    List<ConsumerRecord<byte[], byte[]>> track = records.stream()
                            .filter(r -> new String(r.key()).equals("class-7b/" + who + "/camera")).toList();
                    assertThat(track).hasSize(FRAMES);
                    assertThat(track.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
                    for (int i = 0; i < FRAMES; i++) {
                        FrameRecord f = FrameCodec.decode(track.get(i).value(), "frame " + i);
                        assertThat(f.origin()).isEqualTo(new FrameOrigin("class-7b", who, "camera"));
                        assertThat(f.sequence()).isEqualTo(i);
                        assertThat(f.timestampMillis()).isEqualTo(1000L + i * 500);
                        assertThat(((ImageInput.Encoded) f.image()).bytes()).as("the page's JPEG as sent")
                                .isEqualTo(Files.readAllBytes(sent.get(i)));
                    }
                }
                // nothing classified in this JVM: no labels on the socket or the board
                assertThat(answers.count("result", null)).isZero();
                assertThat(answers.count("refused", null)).isZero();
                assertThat(demo.participants().snapshot()).isEmpty();
            }

            // a small classifier may miss one photo; most of each participant's frames get the true label
            Map<String, Long> right = classifyWithAWorker(settings, topics, fe, tmp.resolve("classifier"),
                    broker.bootstrapServers());
            assertThat(right.getOrDefault("alice", 0L)).isGreaterThanOrEqualTo(FRAMES - 1);
            assertThat(right.getOrDefault("bob", 0L)).isGreaterThanOrEqualTo(FRAMES - 1);
        }
    }

    /**
     * Runs a worker (real classifier trained on 20 data-set photos a label) until every published frame has a
     * result; checks each frame got exactly one; returns per participant how many frames got its true label.
     */
    private static Map<String, Long> classifyWithAWorker(ClientSettings settings, KafkaTopics topics,
            FeatureExtractor fe, Path dir, String bootstrap) throws Exception {
        Classifier c = fe.classification();
        for (String label : List.of("with_mask", "without_mask")) {
            for (Path p : images("train", label, 20)) {
                c.addImage(p, label);
            }
        }
        c.train();
        c.save(dir);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ClassificationWorker worker = ClassificationWorker.builder(settings, fe).topics(topics)
                .classifier(Classifier.load(dir, fe), "v1").maxAge(Duration.ofMinutes(5)).build();
                TopicReader results = new TopicReader(bootstrap, topics.results())) {
            Future<?> running = pool.submit(worker);
            results.until(r -> r.size() >= 2 * FRAMES, Duration.ofSeconds(60));
            List<FrameResult> all = new ArrayList<>();
            results.until(r -> false, Duration.ofSeconds(1))
                    .forEach(r -> all.add(Json.read(r.value(), FrameResult.class, "result")));
            worker.close();
            running.get(30, TimeUnit.SECONDS);
            assertThat(all).hasSize(2 * FRAMES);
            assertThat(all).allMatch(r -> r.status() == FrameResult.Status.OK);
            assertThat(all.stream().map(r -> r.participant() + "#" + r.sequence()).distinct()).hasSize(2 * FRAMES);
            return all.stream().filter(r -> r.label().equals(r.participant().equals("alice") ? "with_mask"
                    : "without_mask")).collect(Collectors.groupingBy(FrameResult::participant, Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }
}
