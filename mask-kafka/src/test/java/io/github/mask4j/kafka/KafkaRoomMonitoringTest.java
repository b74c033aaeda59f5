package io.github.mask4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.kafka.codec.FrameCodec;
import io.github.mask4j.kafka.codec.FrameRecord;
import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.kafka.codec.Json;
import io.github.mask4j.kafka.events.RoomEvents;
import io.github.mask4j.kafka.events.StateChangeEvent;
import io.github.mask4j.kafka.publish.FramePublisher;
import io.github.mask4j.kafka.publish.TrackFrames;
import io.github.mask4j.kafka.testing.Partitions;
import io.github.mask4j.kafka.testing.TestBroker;
import io.github.mask4j.kafka.testing.TopicReader;
import io.github.mask4j.kafka.testing.TrainedClassifiers;
import io.github.mask4j.kafka.testing.WorkerProcess;
import io.github.mask4j.kafka.worker.ClassificationWorker;
import io.github.mask4j.kafka.worker.ModelRollout;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.video.VideoFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka path end to end on a real single-node KRaft broker on localhost: the six sample clips, decoded by
 * VideoFileSource at 2 frames per second, published as six participants of two rooms; real MobileNet V2
 * classifiers; workers in child JVMs (one killed with SIGKILL mid-stream) or in this JVM (model rollout, poison
 * records); smoothing and events in Kafka Streams, compared with the in-process RoomMonitor.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaRoomMonitoringTest {
    private static final String[] CLIPS = {"putting-on-mask-a", "putting-on-mask-b", "mask-woman-laptop",
        "no-mask-man-outdoor", "no-mask-man-studio", "mask-man-indoor"};

    private static TestBroker broker;
    private static TrainedClassifiers classifiers;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
        classifiers = new TrainedClassifiers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static ClientSettings settings() {
        return ClientSettings.of(broker.bootstrapServers());
    }

    private static KafkaTopics createTopics(String prefix) throws InterruptedException {
        KafkaTopics topics = KafkaTopics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            topics.create(admin, 3, (short) 1);
        }
        return topics;
    }

    /** Clip i as participant i of room-a or room-b, two participants on each of the 3 partitions. */
    private static FrameOrigin origin(int i) {
        return Partitions.track(i < 3 ? "room-a" : "room-b", CLIPS[i], i % 3, 3);
    }

    /** Publishes every clip as a participant, one publishing thread per clip; returns the frame count. */
    private static long publishClips(FramePublisher publisher, double fps) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIPS.length);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < CLIPS.length; i++) {
                FrameOrigin origin = origin(i);
                Path clip = SharedData.video().resolve("clips").resolve(CLIPS[i] + ".mp4");
                counts.add(pool.submit(() -> publisher.publishAll(
                        TrackFrames.of(VideoFileSource.open(clip, fps), origin, 0))));
            }
            long n = 0;
            for (Future<Long> f : counts) {
                n += f.get(120, TimeUnit.SECONDS);
            }
            return n;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<FrameResult> results(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> Json.read(r.value(), FrameResult.class, "result")).toList();
    }

    /** Result count per frame identity (origin + sequence, or partition@offset when undecodable). */
    private static Map<String, Long> perFrame(List<FrameResult> results) {
        return results.stream().collect(Collectors.groupingBy(
                r -> r.room() == null ? "p" + r.partition() + "@" + r.offset()
                        : r.room() + "/" + r.participant() + "/" + r.track() + "#" + r.sequence(),
                Collectors.counting()));
    }

    @Test
    void aKilledWorkerLosesNoFrameAndLabelsNoneTwiceAndEventsMatchRoomMonitor() throws Exception {
        KafkaTopics topics = createTopics("fault");
        Path dir = tmp.resolve("v1");
        Classifier v1 = classifiers.trainAndSave(l -> l, dir);
        Path log = tmp.resolve("workers.log");
        Process a = WorkerProcess.start(broker.bootstrapServers(), "fault", dir, "v1", "a", 1, 0, log);
        Process b = WorkerProcess.start(broker.bootstrapServers(), "fault", dir, "v1", "b", 1, 0, log);
        try (RoomEvents events = RoomEvents.builder(settings()).topics(topics).applicationId("fault-events")
                .stateDir(tmp.resolve("streams")).build();
                FramePublisher publisher = FramePublisher.builder(settings()).topics(topics).build();
                TopicReader resultReader = new TopicReader(broker.bootstrapServers(), topics.results());
                TopicReader eventReader = new TopicReader(broker.bootstrapServers(), topics.events());
                TopicReader frameReader = new TopicReader(broker.bootstrapServers(), topics.frames())) {
            events.start();
            ExecutorService pub = Executors.newSingleThreadExecutor();
            Future<Long> published = pub.submit(() -> publishClips(publisher, 2));
            // kill worker a (SIGKILL: no close, no commit) once both have committed results and work remains
            resultReader.until(r -> {
                List<FrameResult> rs = results(r);
                return rs.stream().anyMatch(x -> x.worker().equals("a")) && rs.stream()
                        .anyMatch(x -> x.worker().equals("b")) && rs.size() >= 20;
            }, Duration.ofSeconds(150));
            int beforeKill = resultReader.poll(Duration.ZERO).size();
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long total = published.get(150, TimeUnit.SECONDS);
            pub.shutdown();
            assertThat(beforeKill).as("killed mid-stream").isLessThan((int) total);

            List<FrameResult> all = results(resultReader.until(r -> perFrame(results(r)).size() >= total,
                    Duration.ofSeconds(120)));
            // a little longer: a duplicate would show up now
            all = results(resultReader.until(r -> false, Duration.ofSeconds(3)));
            Map<String, Long> counts = perFrame(all);
            assertThat(counts).hasSize((int) total);
            assertThat(counts.values()).allMatch(n -> n == 1);
            assertThat(all).allMatch(r -> r.status() == FrameResult.Status.OK && "v1".equals(r.modelVersion()));
            assertThat(all).anyMatch(r -> r.worker().equals("a"));
            assertThat(all.subList(beforeKill, all.size())).as("after the kill").anyMatch(r -> r.worker().equals("b"));

            // the same frames (decoded from the frames topic) through the in-process RoomMonitor
            List<Frame> frames = frameReader.until(r -> r.size() >= total, Duration.ofSeconds(30)).stream()
                    .map(r -> FrameCodec.decode(r.value(), "frame").toFrame()).toList();
            MonitorRun monitor = roomMonitor(v1, frames);
            Map<String, List<StateChange>> expected = monitor.changes();
            assertThat(all.stream().collect(Collectors.toMap(r -> r.room() + "/" + r.participant() + "@"
                    + r.timestampMillis(), FrameResult::label))).as("every frame's label").isEqualTo(monitor.labels());
            Map<String, List<StateChange>> actual = new TreeMap<>();
            List<ConsumerRecord<byte[], byte[]>> evs = eventReader.until(r -> r.size()
                    >= expected.values().stream().mapToInt(List::size).sum(), Duration.ofSeconds(60));
            evs = eventReader.until(r -> false, Duration.ofSeconds(2));
            for (ConsumerRecord<byte[], byte[]> r : evs) {
                StateChange c = Json.read(r.value(), StateChangeEvent.class, "event").change();
                actual.computeIfAbsent(c.room() + "/" + c.participant() + "/" + c.track(), k -> new ArrayList<>()).add(c);
            }
            System.out.printf("fault test: %d frames, %d results before the kill, %d results in all (%s), "
                    + "events %s%n", total, beforeKill, all.size(), all.stream().collect(Collectors.groupingBy(
                            FrameResult::worker, Collectors.counting())), actual);
            assertThat(actual).isEqualTo(expected);
            assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(CLIPS.length);
        } finally {
            a.destroyForcibly();
            b.destroy();
            b.waitFor(30, TimeUnit.SECONDS);
            b.destroyForcibly();
        }
    }

    /** The in-process run: state changes per room/participant, and each frame's label by room/participant@time. */
    private record MonitorRun(Map<String, List<StateChange>> changes, Map<String, String> labels) {}

    /** Each participant's frames, in time order, through a RoomMonitor with the same classifier and smoothing. */
    private static MonitorRun roomMonitor(Classifier classifier, List<Frame> frames) {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        Map<String, String> labels = new java.util.concurrent.ConcurrentHashMap<>();
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(classifier).listener(new MonitorListener() {
            @Override
            public void onPrediction(TrackPrediction p) {
                labels.put(p.origin().room() + "/" + p.origin().participant() + "@" + p.timestampMillis(), p.label());
            }

            @Override
            public void onStateChange(StateChange change) {
                changes.add(change);
            }
        }).build()) {
            frames.stream().sorted(Comparator.comparingLong(Frame::timestampMillis)).forEach(monitor::submit);
        }
        Map<String, List<StateChange>> out = new TreeMap<>();
        for (StateChange c : changes) {
            out.computeIfAbsent(c.room() + "/" + c.participant() + "/" + c.track(), k -> new ArrayList<>()).add(c);
        }
        return new MonitorRun(out, Map.copyOf(labels));
    }

    @Test
    void modelRolloutUnderLoadPoisonAndStaleRecords() throws Exception {
        KafkaTopics topics = createTopics("rollout");
        Classifier v1 = classifiers.trainAndSave(l -> l, tmp.resolve("r1"));
        Path v2dir = tmp.resolve("r2");
        classifiers.trainAndSave(l -> l.equals("with_mask") ? "masked" : "unmasked", v2dir);
        List<ClassificationWorker> workers = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FramePublisher publisher = FramePublisher.builder(settings()).topics(topics).build();
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                        broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
                TopicReader resultReader = new TopicReader(broker.bootstrapServers(), topics.results())) {
            for (String id : List.of("w1", "w2")) {
                ClassificationWorker w = ClassificationWorker.builder(settings().with("session.timeout.ms", 6000),
                        classifiers.extractor()).topics(topics).classifier(v1, "v1").workerId(id)
                        .maxAge(Duration.ofSeconds(60)).build();
                workers.add(w);
                running.add(pool.submit(w));
            }
            // poison: not a frame record at all, and a frame record whose JPEG is cut short
            raw.send(new ProducerRecord<>(topics.frames(), "room-x/eve/camera", new byte[] {1, 2, 3, 4, 5})).get();
            byte[] jpeg = Files.readAllBytes(SharedData.video().resolve("frames/putting-on-mask-a/frame_001.jpg"));
            byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length / 3);
            FrameRecord truncated = new FrameRecord(new FrameOrigin("room-x", "eve", "camera"), 0, 0,
                    io.github.mask4j.image.ImageInput.of(cut, "room-x/eve/camera #0"));
            raw.send(new ProducerRecord<>(topics.frames(), truncated.key(), FrameCodec.encode(truncated))).get();
            // stale: published (record timestamp) an hour ago
            FrameRecord old = new FrameRecord(new FrameOrigin("room-x", "eve", "camera"), 40, 1,
                    io.github.mask4j.image.ImageInput.of(jpeg, "room-x/eve/camera #1"));
            raw.send(new ProducerRecord<>(topics.frames(), null, System.currentTimeMillis() - 3_600_000L,
                    old.key(), FrameCodec.encode(old))).get();

            long first = publishClips(publisher, 1);
            for (Future<?> f : running) {
                assertThat(f).as("workers run until closed").isNotDone();
            }
            resultReader.until(r -> r.size() >= first / 2, Duration.ofSeconds(120));
            ModelRollout.announce(settings(), topics, "v2", v2dir);
            long second = publishClips(publisher, 1); // the same clips again: their sequences continue
            long total = first + second + 3;
            List<FrameResult> all = results(resultReader.until(r -> perFrame(results(r)).size() >= total,
                    Duration.ofSeconds(150)));
            all = results(resultReader.until(r -> false, Duration.ofSeconds(2)));

            Map<String, Long> counts = perFrame(all);
            assertThat(counts).hasSize((int) total);
            assertThat(counts.values()).allMatch(n -> n == 1);
            List<FrameResult> errors = all.stream().filter(r -> r.status() == FrameResult.Status.ERROR).toList();
            assertThat(errors).hasSize(2);
            assertThat(errors).anySatisfy(r -> assertThat(r.error()).contains("not a mask4j frame record"));
            assertThat(errors).anySatisfy(r -> assertThat(r.error()).contains("room-x/eve/camera #0"));
            assertThat(all).filteredOn(r -> r.status() == FrameResult.Status.STALE).singleElement()
                    .satisfies(r -> assertThat(r.sequence()).isEqualTo(1));
            // the rest on the poisoned partition went on
            int poisoned = errors.get(0).partition();
            assertThat(all).anyMatch(r -> r.partition() == poisoned && r.offset() > errors.get(0).offset()
                    && r.status() == FrameResult.Status.OK);
            List<FrameResult> ok = all.stream().filter(r -> r.status() == FrameResult.Status.OK).toList();
            // a label of the version that made it, or "not sure" under the classifier's threshold
            assertThat(ok).allMatch(r -> Classification.NOT_SURE.equals(r.label()) || (r.modelVersion().equals("v1")
                    ? List.of("with_mask", "without_mask").contains(r.label())
                    : r.modelVersion().equals("v2") && List.of("masked", "unmasked").contains(r.label())));
            for (String id : List.of("w1", "w2")) {
                List<String> versions = ok.stream().filter(r -> r.worker().equals(id))
                        .sorted(Comparator.comparingLong(FrameResult::classifiedAtMillis))
                        .map(FrameResult::modelVersion).toList();
                assertThat(versions).as(id + " switched to v2 without a restart and never back").contains("v2");
                assertThat(versions.subList(versions.indexOf("v2"), versions.size())).allMatch("v2"::equals);
            }
            long stale = workers.stream().mapToLong(w -> w.stats().stale()).sum();
            assertThat(stale).isEqualTo(1);
            System.out.printf("rollout test: %d results, %s%n", all.size(),
                    workers.stream().map(ClassificationWorker::stats).toList());
        } finally {
            workers.forEach(ClassificationWorker::close);
            pool.shutdownNow();
        }
    }

    /**
     * The pipelined worker through two rebalances under a steady stream: a second worker joins (the first gives
     * up partitions while a classified batch waits to commit), then the first closes gracefully. Every frame has
     * exactly one result, and both workers labelled frames after the join.
     */
    @Test
    void workersJoiningAndLeavingMidStreamLabelEveryFrameOnce() throws Exception {
        KafkaTopics topics = createTopics("rebalance");
        Classifier v1 = classifiers.trainAndSave(l -> l, tmp.resolve("b1"));
        List<byte[]> jpegs = new ArrayList<>();
        for (String clip : CLIPS) {
            jpegs.add(Files.readAllBytes(SharedData.video().resolve("frames/" + clip + "/frame_001.jpg")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<ClassificationWorker> workers = new ArrayList<>();
        try (FramePublisher publisher = FramePublisher.builder(settings()).topics(topics).build();
                TopicReader resultReader = new TopicReader(broker.bootstrapServers(), topics.results())) {
            ClassificationWorker first = worker(topics, v1, "j1");
            workers.add(first);
            pool.submit(first);
            // a steady stream: 6 tracks, 40 frames/s in all, for 15 s
            int frames = 600;
            Future<?> stream = pool.submit(() -> {
                long start = System.nanoTime();
                for (int k = 0; k < frames; k++) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, start + k * 25_000_000L - System.nanoTime()));
                    publisher.publish(new Frame(origin(k % CLIPS.length), k / CLIPS.length * 150L,
                            io.github.mask4j.image.ImageInput.of(jpegs.get(k % CLIPS.length), "frame " + k)));
                }
                publisher.flush();
                return null;
            });
            resultReader.until(r -> r.size() >= 80, Duration.ofSeconds(60));
            ClassificationWorker second = worker(topics, v1, "j2");
            workers.add(second);
            pool.submit(second);
            int joinedAt = resultReader.until(r -> results(r).stream().anyMatch(x -> x.worker().equals("j2")),
                    Duration.ofSeconds(60)).size();
            resultReader.until(r -> r.size() >= joinedAt + 80, Duration.ofSeconds(60));
            first.close(); // graceful: commits the batch in hand, leaves the group
            long closedAt = System.currentTimeMillis();
            stream.get(60, TimeUnit.SECONDS);
            assertThat(publisher.failed()).isZero();

            resultReader.until(r -> perFrame(results(r)).size() >= frames, Duration.ofSeconds(90));
            List<FrameResult> all = results(resultReader.until(r -> false, Duration.ofSeconds(3)));
            Map<String, Long> counts = perFrame(all);
            assertThat(counts).hasSize(frames);
            assertThat(counts.values()).as("one result per frame").allMatch(n -> n == 1);
            assertThat(all).allMatch(r -> r.status() == FrameResult.Status.OK);
            long joined = all.stream().filter(r -> r.worker().equals("j2")).mapToLong(FrameResult::classifiedAtMillis)
                    .min().orElseThrow();
            assertThat(all).as("both worked after the join").anyMatch(r -> r.worker().equals("j1")
                    && r.classifiedAtMillis() > joined);
            assertThat(all).filteredOn(r -> r.worker().equals("j1")).allMatch(r -> r.classifiedAtMillis() <= closedAt);
            assertThat(all).as("the second carried on").anyMatch(r -> r.worker().equals("j2")
                    && r.classifiedAtMillis() > closedAt);
            assertThat(first.stats().batches()).isPositive();
            System.out.printf("rebalance test: %d results, %s%n", all.size(),
                    workers.stream().map(ClassificationWorker::stats).toList());
        } finally {
            workers.forEach(ClassificationWorker::close);
            pool.shutdownNow();
        }
    }

    private ClassificationWorker worker(KafkaTopics topics, Classifier classifier, String id) {
        return ClassificationWorker.builder(settings().with("session.timeout.ms", 6000), classifiers.extractor())
                .topics(topics).classifier(classifier, "v1").workerId(id).maxAge(Duration.ZERO).build();
    }
}
