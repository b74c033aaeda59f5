package io.github.mask4j.bench;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.kafka.codec.Json;
import io.github.mask4j.kafka.publish.FramePublisher;
import io.github.mask4j.kafka.testing.Partitions;
import io.github.mask4j.kafka.testing.TestBroker;
import io.github.mask4j.kafka.testing.TopicReader;
import io.github.mask4j.kafka.testing.WorkerProcess;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Scale-out on Kafka: a real single-node broker on localhost, N classification workers in child JVMs (ORT intra-op
 * threads fixed at 1 each), the shared sample-clip JPEGs published as 12 tracks over 4 partitions. Per worker
 * count, two phases: a backlog of frames classified as fast as the workers can (frames/s), then frames published
 * on a clock at 70% of that rate (p99 latency from publishing a frame to its result being committed and visible
 * to a read_committed consumer). Every published frame is checked to have exactly one result (lost, duplicated).
 * The same frames also go through in-process classification (one thread, 1 ORT thread, the same batches of 16):
 * throughput before and after the Kafka runs, and latency with frames arriving at the 1-worker run's paced rate;
 * that is the Kafka path's overhead. Prints one JSON line per run, the in-process line last.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mask4j.bench.KafkaScale --workers 1,2 --frames 300
 * </pre>
 *
 * Single-threaded harness; not reusable and not thread-safe.
 */
public final class KafkaScale {
    private static final int PARTITIONS = 4;
    private static final int TRACKS = 12;
    private static final int BATCH = 16;

    private KafkaScale() {}

    public static void main(String[] args) throws Exception {
        int[] workerCounts = Arrays.stream(arg(args, "--workers", "1,2").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int frames = Integer.parseInt(arg(args, "--frames", "300"));
        double pacedSeconds = Double.parseDouble(arg(args, "--paced-seconds", "15"));
        Path work = Files.createTempDirectory("mask4j-kafka-scale");
        List<byte[]> jpegs = sampleFrames();
        Path classifierDir = work.resolve("classifier");
        System.setProperty("mask4j.model.dir", Fixtures.modelDir().toString()); // the worker JVMs get it too
        try (FeatureExtractor fe = FeatureExtractor.open(ModelSpec.of("mobilenet_v2").toBuilder().threads(1)
                .build())) {
            Classifier c = fe.classification();
            float[][] x = Fixtures.embeddings(40, fe.featureDimension(), 5);
            for (int i = 0; i < x.length; i++) {
                c.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
            }
            c.train(TrainingOptions.builder().epochs(5).build());
            c.save(classifierDir);
            double before = inProcess(c, jpegs, frames);
            double pacedRate = 0;
            try (TestBroker broker = TestBroker.start()) {
                for (int n : workerCounts) {
                    double rate = run(broker, n, classifierDir, jpegs, frames, pacedSeconds, before, work);
                    pacedRate = pacedRate == 0 ? rate : pacedRate;
                }
            }
            // the same load in one process: frames arriving on the same clock, batched the same way
            double[] latency = inProcessPaced(c, jpegs, pacedRate, pacedSeconds);
            double after = inProcess(c, jpegs, frames);
            System.out.printf(Locale.ROOT, "{\"inProcess\":true,\"workers\":1,\"framesPerSecond\":%.2f,"
                    + "\"framesPerSecondBefore\":%.2f,\"framesPerSecondAfter\":%.2f,\"p99Ms\":%.0f,\"p50Ms\":%.0f,"
                    + "\"pacedFramesPerSecond\":%.2f,\"loadAverage\":\"%s\"}%n", (before + after) / 2, before, after,
                    latency[1], latency[0], pacedRate, loadAverage());
        }
    }

    /**
     * p50 and p99 latency (ms) of in-process classification with frames arriving at {@code rate}/s: one thread
     * takes what has arrived (up to 16) and classifies it in one call, as a worker does with a poll.
     */
    private static double[] inProcessPaced(Classifier c, List<byte[]> jpegs, double rate, double seconds)
            throws InterruptedException {
        int count = (int) Math.max(BATCH, rate * seconds);
        BlockingQueue<long[]> arrivals = new ArrayBlockingQueue<>(count);
        Thread clock = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i / rate * 1e9);
                long wait = due - System.nanoTime();
                try {
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    arrivals.put(new long[] {System.nanoTime(), i});
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        clock.start();
        long[] latencies = new long[count];
        int done = 0;
        while (done < count) {
            List<long[]> batch = new ArrayList<>();
            batch.add(arrivals.take());
            arrivals.drainTo(batch, BATCH - 1);
            List<ImageInput> inputs = new ArrayList<>();
            for (long[] a : batch) {
                inputs.add(ImageInput.of(jpegs.get((int) (a[1] % jpegs.size())), "frame " + a[1]));
            }
            c.classify(inputs);
            long now = System.nanoTime();
            for (long[] a : batch) {
                latencies[done++] = (now - a[0]) / 1_000_000;
            }
        }
        clock.join();
        Arrays.sort(latencies);
        return new double[] {latencies[count / 2], latencies[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)]};
    }

    /** Frames/s of classify(List) over batches of 16 decoded-from-JPEG frames on this thread, after a warm-up. */
    private static double inProcess(Classifier c, List<byte[]> jpegs, int frames) {
        for (int i = 0; i < 3; i++) {
            c.classify(batch(jpegs, i * BATCH));
        }
        long t0 = System.nanoTime();
        int done = 0;
        while (done < frames) {
            List<Classification> r = c.classify(batch(jpegs, done)).valuesOrThrow();
            done += r.size();
        }
        return done / ((System.nanoTime() - t0) / 1e9);
    }

    private static List<ImageInput> batch(List<byte[]> jpegs, int from) {
        List<ImageInput> b = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            b.add(ImageInput.of(jpegs.get((from + i) % jpegs.size()), "frame " + (from + i)));
        }
        return b;
    }

    /** One run with {@code workers} workers; prints its JSON line and returns the paced rate it used. */
    private static double run(TestBroker broker, int workers, Path classifierDir, List<byte[]> jpegs, int frames,
            double pacedSeconds, double inProcessFps, Path work) throws Exception {
        String prefix = "scale" + workers;
        KafkaTopics topics = KafkaTopics.withPrefix(prefix);
        ClientSettings settings = ClientSettings.of(broker.bootstrapServers());
        try (Admin admin = Admin.create(settings.clientConfig(Map.of(), Map.of()))) {
            topics.create(admin, PARTITIONS, (short) 1);
        }
        List<FrameOrigin> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(Partitions.track("bench", "p" + i, i % PARTITIONS, PARTITIONS));
        }
        List<Process> procs = new ArrayList<>();
        Path log = work.resolve(prefix + "-workers.log");
        try (FramePublisher publisher = FramePublisher.builder(settings).topics(topics).build();
                TopicReader results = new TopicReader(broker.bootstrapServers(), topics.results());
                Admin admin = Admin.create(settings.clientConfig(Map.of(), Map.of()))) {
            for (int w = 0; w < workers; w++) {
                procs.add(WorkerProcess.start(broker.bootstrapServers(), prefix, classifierDir, "bench", "w" + w, 1,
                        0, log));
            }
            awaitAssigned(admin, workers, Duration.ofSeconds(120));
            // warm-up: every worker loads its model and runs a few batches
            int published = publish(publisher, tracks, jpegs, 0, 8 * BATCH * workers, 0);
            int warm = published;
            await(results, warm, Duration.ofSeconds(180));

            // phase 1: a backlog, classified as fast as the workers can
            long t0 = System.currentTimeMillis();
            published += publish(publisher, tracks, jpegs, published, frames, 0);
            List<ConsumerRecord<byte[], byte[]>> got = await(results, published, Duration.ofSeconds(600));
            long tEnd = got.stream().skip(warm).mapToLong(r -> Json.read(r.value(), FrameResult.class, "r")
                    .classifiedAtMillis()).max().orElse(t0);
            double fps = frames / ((tEnd - t0) / 1000.0);

            // phase 2: a steady 70% of that rate; latency publish -> committed result seen by a consumer
            int before = got.size();
            double rate = 0.7 * fps;
            int paced = (int) Math.max(BATCH, rate * pacedSeconds);
            Thread pacer = new Thread(() -> publish(publisher, tracks, jpegs, before, paced, rate));
            pacer.start();
            List<Long> latencies = new ArrayList<>();
            long deadline = System.currentTimeMillis() + (long) (pacedSeconds * 1000) + 120_000;
            int seen = before;
            while (seen < before + paced && System.currentTimeMillis() < deadline) {
                List<ConsumerRecord<byte[], byte[]>> now = results.poll(Duration.ofMillis(20));
                long at = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : now.subList(seen, now.size())) {
                    latencies.add(at - Json.read(r.value(), FrameResult.class, "r").publishedAtMillis());
                }
                seen = now.size();
            }
            pacer.join();
            published += paced;
            List<ConsumerRecord<byte[], byte[]>> all = results.until(r -> false, Duration.ofSeconds(3));
            Set<String> distinct = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                FrameResult fr = Json.read(r.value(), FrameResult.class, "r");
                distinct.add(fr.participant() + "#" + fr.sequence());
            }
            long lost = published - distinct.size();
            long duplicated = all.size() - distinct.size();
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double p99 = sorted.length == 0 ? Double.NaN
                    : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
            double p50 = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT, "{\"workers\":%d,\"framesPerSecond\":%.2f,\"p99Ms\":%.0f,\"lost\":%d,"
                    + "\"duplicated\":%d,\"p50Ms\":%.0f,\"pacedFramesPerSecond\":%.2f,\"frames\":%d,"
                    + "\"vsInProcess\":%.3f,\"loadAverage\":\"%s\"}%n", workers, fps, p99, lost, duplicated, p50, rate,
                    published, fps / inProcessFps, loadAverage());
            return rate;
        } finally {
            for (Process p : procs) {
                p.destroy();
            }
            for (Process p : procs) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Publishes {@code count} frames round-robin over the tracks, at {@code rate} frames/s (0: at once). */
    private static int publish(FramePublisher publisher, List<FrameOrigin> tracks, List<byte[]> jpegs, int from,
            int count, double rate) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) (i / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return i;
                    }
                }
            }
            int k = from + i;
            publisher.publish(new Frame(tracks.get(k % tracks.size()), k * 40L,
                    ImageInput.of(jpegs.get(k % jpegs.size()), "frame " + k)));
        }
        publisher.flush();
        return count;
    }

    private static List<ConsumerRecord<byte[], byte[]>> await(TopicReader results, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> r = results.until(l -> l.size() >= count, timeout);
        if (r.size() < count) {
            throw new IllegalStateException("only " + r.size() + " of " + count + " results within " + timeout);
        }
        return r;
    }

    /** Waits until the workers' group has {@code workers} members holding all partitions. */
    private static void awaitAssigned(Admin admin, int workers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription g;
            try {
                g = admin.describeConsumerGroups(List.of("mask4j-workers")).all().get().get("mask4j-workers");
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                    throw e;
                }
                Thread.sleep(500); // no worker has joined yet
                continue;
            }
            int assigned = g.members().stream().map(MemberDescription::assignment)
                    .mapToInt(a -> (int) a.topicPartitions().stream().filter(tp -> tp.topic().endsWith(".frames"))
                            .count()).sum();
            if (g.members().size() == workers && assigned == PARTITIONS) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(workers + " workers did not join within " + timeout);
    }

    /** The shared sample-clip frames (JPEG, longest side 320 px). */
    private static List<byte[]> sampleFrames() throws IOException {
        Path dir = Fixtures.dataDir().resolve("video").resolve("frames");
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no sample frames in " + dir);
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
