package io.github.mask4j.bench;

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
import io.github.mask4j.kafka.worker.ClassificationWorker;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.training.TrainingOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Scale-out on Kafka: a real single-node broker on localhost in its own JVM, N classification workers in child
 * JVMs (ORT intra-op threads fixed at 1 each), the shared sample-clip JPEGs published as 12 tracks over 4
 * partitions. Per worker count and repetition, two phases:
 * <ol>
 *   <li><b>Drain.</b> A backlog ({@code --frames} per worker) is published <em>before</em> the workers start, so
 *   no producer competes with them; the workers then drain it. The rate is measured over the window in which
 *   every worker is past its warm-up ({@code --warmup} frames each: JVM start, model load, JIT) and none has
 *   run out of work, from the workers' own classification times. Over the same window the CPU seconds of each
 *   process (workers by thread group, broker, this harness) and of the whole machine are read from /proc, so
 *   the broker's and other sessions' share of the cores is known and frames per worker-CPU-second judge the
 *   scaling even on a shared machine.</li>
 *   <li><b>Paced.</b> Frames published on a clock at 70% of that rate: p50/p99 latency from publishing a frame
 *   to its result being committed and visible to a read_committed consumer.</li>
 * </ol>
 * Every published frame is checked to have exactly one result (lost, duplicated). The same frames also go
 * through in-process classification (one thread, 1 ORT thread, the same batches of 16): throughput and frames
 * per CPU-second before and after the Kafka runs, and latency with frames arriving at the 1-worker run's paced
 * rate; that is the Kafka path's overhead. After each repetition, the machine's own ceiling: the same
 * in-process classification in one child JVM alone, then in two at once ({@link InProcessLoad}); two workers
 * cannot scale better than two classifiers without Kafka on the same cores. Before the first repetition,
 * {@code --warm-up-runs} runs (default 1) warm the broker (its first transactions, its JIT); their lines say
 * {@code "warmUpRun":true} and the summary leaves them out. Prints one JSON line per run and ceiling, then the
 * in-process line, then a summary with the scaling factors (throughput, and frames per worker-CPU-second) per
 * repetition, the ceiling's, and the scaling as a fraction of the ceiling.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mask4j.bench.KafkaScale --workers 1,2 --reps 2 --frames 2000 --warmup 480 \
 *     [--batch 16] [--paced-seconds 15] [--warm-up-runs 1] [--ceiling-seconds 15]
 * </pre>
 *
 * Single-threaded harness; not reusable and not thread-safe.
 */
public final class KafkaScale {
    private static final int PARTITIONS = 4;
    private static final int TRACKS = 12;
    private static final int BATCH = InProcessLoad.BATCH;
    private static final String GROUP = "mask4j-workers";

    private KafkaScale() {}

    /** One drain-and-paced run. */
    private record Run(int workers, int rep, double framesPerSecond, double framesPerWorkerCpuSecond,
            double pacedRate) {}

    public static void main(String[] args) throws Exception {
        int[] workerCounts = Arrays.stream(arg(args, "--workers", "1,2").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int reps = Integer.parseInt(arg(args, "--reps", "2"));
        int frames = Integer.parseInt(arg(args, "--frames", "2000"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "480"));
        double pacedSeconds = Double.parseDouble(arg(args, "--paced-seconds", "15"));
        int pollRecords = Integer.parseInt(arg(args, "--batch", "0")); // 0: the worker's default
        int warmUpRuns = Integer.parseInt(arg(args, "--warm-up-runs", "1"));
        double ceilingSeconds = Double.parseDouble(arg(args, "--ceiling-seconds", "15"));
        if (frames <= warmup + 10 * BATCH) {
            throw new IllegalArgumentException("--frames (" + frames + ") must exceed --warmup (" + warmup
                    + ") by at least " + 10 * BATCH + " frames to leave a measuring window");
        }
        Path work = Files.createTempDirectory("mask4j-kafka-scale");
        List<byte[]> jpegs = InProcessLoad.sampleFrames();
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
            InProcessLoad.classify(c, jpegs, 4 * frames / 10); // warm-up: JIT, ORT
            double[] before = InProcessLoad.classify(c, jpegs, frames);
            List<Run> runs = new ArrayList<>();
            Map<Integer, double[]> ceilings = new TreeMap<>();
            try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker.log"))) {
                for (int i = 1; i <= warmUpRuns; i++) { // the broker's first transactions and JIT; not counted
                    run(broker, workerCounts[0], 1 - i, classifierDir, jpegs, frames, warmup, pacedSeconds,
                            pollRecords, before, work);
                }
                for (int rep = 1; rep <= reps; rep++) {
                    for (int n : workerCounts) {
                        runs.add(run(broker, n, rep, classifierDir, jpegs, frames, warmup, pacedSeconds,
                                pollRecords, before, work));
                    }
                    if (ceilingSeconds > 0) {
                        ceilings.put(rep, ceiling(rep, classifierDir, ceilingSeconds, work));
                    }
                }
            }
            // the same load in one process: frames arriving on the same clock, batched the same way
            double pacedRate = runs.get(0).pacedRate();
            double[] latency = inProcessPaced(c, jpegs, pacedRate, pacedSeconds);
            double[] after = InProcessLoad.classify(c, jpegs, frames);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("inProcess", true);
            line.put("workers", 1);
            line.put("framesPerSecond", round((before[0] + after[0]) / 2, 2));
            line.put("framesPerSecondBefore", round(before[0], 2));
            line.put("framesPerSecondAfter", round(after[0], 2));
            line.put("framesPerCpuSecond", round((before[1] + after[1]) / 2, 2));
            line.put("framesPerCpuSecondBefore", round(before[1], 2));
            line.put("framesPerCpuSecondAfter", round(after[1], 2));
            line.put("p99Ms", latency[1]);
            line.put("p50Ms", latency[0]);
            line.put("pacedFramesPerSecond", round(pacedRate, 2));
            line.put("loadAverage", loadAverage());
            print(line);
            print(summary(runs, workerCounts, (before[1] + after[1]) / 2, ceilings));
        }
    }

    /**
     * The machine's own ceiling for the scaling: in-process classification (1 ORT thread, batches of 16, no
     * Kafka) in one JVM alone, then in two JVMs at once, each warmed up for 10 s and measured for
     * {@code seconds}. Prints a line per process count; returns the frames/s of 1 and of 2 processes.
     */
    private static double[] ceiling(int rep, Path classifierDir, double seconds, Path work) throws Exception {
        double[] fps = new double[2];
        for (int n = 1; n <= 2; n++) {
            double[] r = InProcessLoad.side(n, classifierDir, 10, seconds, work.resolve("ceiling.log"));
            fps[n - 1] = r[0];
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("ceiling", true);
            line.put("rep", rep);
            line.put("processes", n);
            line.put("framesPerSecond", round(r[0], 2));
            line.put("framesPerCpuSecond", round(r[1], 2));
            line.put("loadAverage", loadAverage());
            print(line);
        }
        return fps;
    }

    /**
     * Scaling from the smallest to each larger worker count, per repetition (runs of one repetition are
     * neighbours in time, so they share the machine's load most closely), with mean, min and max.
     */
    private static Map<String, Object> summary(List<Run> runs, int[] workerCounts, double inProcessPerCpu,
            Map<Integer, double[]> ceilings) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("summary", true);
        int base = Arrays.stream(workerCounts).min().orElseThrow();
        for (int n : workerCounts) {
            if (n == base) {
                continue;
            }
            List<Double> fps = new ArrayList<>();
            List<Double> perCpu = new ArrayList<>();
            for (Run r : runs) {
                if (r.workers() != n) {
                    continue;
                }
                runs.stream().filter(b -> b.workers() == base && b.rep() == r.rep()).findFirst().ifPresent(b -> {
                    fps.add(r.framesPerSecond() / b.framesPerSecond());
                    perCpu.add(r.framesPerWorkerCpuSecond() / b.framesPerWorkerCpuSecond());
                });
            }
            s.put("scaling" + base + "to" + n, spread(fps));
            s.put("cpuEfficiency" + base + "to" + n, spread(perCpu));
        }
        if (!ceilings.isEmpty()) {
            List<Double> ceiling = new ArrayList<>();
            List<Double> ofCeiling = new ArrayList<>();
            for (Map.Entry<Integer, double[]> e : ceilings.entrySet()) {
                double c = e.getValue()[1] / e.getValue()[0];
                ceiling.add(c);
                runs.stream().filter(r -> r.rep() == e.getKey() && r.workers() == 2).findFirst().ifPresent(two ->
                        runs.stream().filter(r -> r.rep() == e.getKey() && r.workers() == 1).findFirst().ifPresent(
                                one -> ofCeiling.add(two.framesPerSecond() / one.framesPerSecond() / c)));
            }
            s.put("ceiling1to2", spread(ceiling));
            s.put("scaling1to2OfCeiling", spread(ofCeiling));
        }
        Map<String, Object> overhead = new LinkedHashMap<>();
        runs.stream().filter(r -> r.workers() == base).forEach(r -> overhead.put("rep" + r.rep(),
                round(r.framesPerWorkerCpuSecond() / inProcessPerCpu, 3)));
        s.put("workerPerCpuVsInProcess", overhead);
        s.put("loadAverage", loadAverage());
        return s;
    }

    private static Map<String, Object> spread(List<Double> v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", round(v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), 3));
        m.put("min", round(v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), 3));
        m.put("max", round(v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), 3));
        m.put("perRep", v.stream().map(d -> round(d, 3)).toList());
        return m;
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
        return new double[] {Quantiles.of(latencies, 0.5), Quantiles.of(latencies, 0.99)};
    }

    /** One run with {@code workers} workers; prints its JSON line. */
    private static Run run(BrokerProcess broker, int workers, int rep, Path classifierDir, List<byte[]> jpegs,
            int framesPerWorker, int warmup, double pacedSeconds, int pollRecords, double[] inProcess, Path work)
            throws Exception {
        String prefix = "scale" + workers + "r" + rep;
        KafkaTopics topics = KafkaTopics.withPrefix(prefix);
        ClientSettings settings = ClientSettings.of(broker.bootstrapServers());
        List<FrameOrigin> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(Partitions.track("bench", "p" + i, i % PARTITIONS, PARTITIONS));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workers", workers);
        line.put("rep", rep);
        if (rep < 1) {
            line.put("warmUpRun", true); // left out of the summary
        }
        line.put("pollRecords", pollRecords == 0 ? ClassificationWorker.DEFAULT_BATCH_SIZE : pollRecords);
        String loadAtStart = loadAverage();
        List<Process> procs = new ArrayList<>();
        Path log = work.resolve(prefix + "-workers.log");
        try (Admin admin = Admin.create(settings.clientConfig(Map.of(), Map.of()));
                FramePublisher publisher = FramePublisher.builder(settings).topics(topics).build();
                CpuSampler cpu = new CpuSampler().track("harness", ProcessHandle.current().pid())
                        .track("broker", broker.pid())) {
            topics.create(admin, PARTITIONS, (short) 1);
            awaitLeaders(admin, topics, Duration.ofSeconds(60));
            // the backlog, published before any worker runs: the drain competes with no producer
            int backlog = framesPerWorker * workers;
            cpu.sample();
            long p0 = System.currentTimeMillis();
            int published = publish(publisher, tracks, jpegs, 0, backlog, 0);
            if (publisher.failed() > 0) {
                throw new IllegalStateException(publisher.failed() + " of the backlog's frames were not published");
            }
            long p1 = System.currentTimeMillis();
            cpu.sample();
            Map<String, Map<String, Double>> pubCpu = cpu.between(p0, p1);
            Map<String, Object> pub = new LinkedHashMap<>();
            pub.put("frames", backlog);
            pub.put("seconds", round((p1 - p0) / 1000.0, 2));
            pub.put("harnessCpuSeconds", round(total(pubCpu, "harness"), 2));
            pub.put("brokerCpuSeconds", round(total(pubCpu, "broker"), 2));

            for (int w = 0; w < workers; w++) {
                Process p = WorkerProcess.start(broker.bootstrapServers(), prefix, classifierDir, "bench", "w" + w, 1,
                        0, pollRecords, log);
                procs.add(p);
                cpu.track("w" + w, p.pid());
            }
            cpu.start(250);
            awaitDrained(admin, topics.frames(), Duration.ofSeconds(900));
            cpu.close();

            try (TopicReader results = new TopicReader(broker.bootstrapServers(), topics.results())) {
                List<ConsumerRecord<byte[], byte[]>> got = await(results, published, Duration.ofSeconds(120));
                List<FrameResult> drained = got.stream().map(r -> Json.read(r.value(), FrameResult.class, "r"))
                        .toList();
                // the window: every worker past its warm-up, none out of work yet
                Map<String, long[]> times = new TreeMap<>();
                drained.stream().collect(Collectors.groupingBy(FrameResult::worker)).forEach((w, l) -> times.put(w,
                        l.stream().mapToLong(FrameResult::classifiedAtMillis).sorted().toArray()));
                if (times.size() != workers) {
                    throw new IllegalStateException("expected results from " + workers + " workers, got "
                            + times.keySet());
                }
                long from = times.values().stream().mapToLong(t -> t[Math.min(warmup, t.length - 1)]).max()
                        .orElseThrow();
                long to = times.values().stream().mapToLong(t -> t[t.length - 1]).min().orElseThrow();
                if (to - from < 2000) {
                    throw new IllegalStateException("measuring window of " + (to - from) + " ms is too short: "
                            + "raise --frames or lower --warmup");
                }
                long inWindow = drained.stream().filter(r -> r.classifiedAtMillis() > from
                        && r.classifiedAtMillis() <= to).count();
                double seconds = (to - from) / 1000.0;
                double fps = inWindow / seconds;
                Map<String, Map<String, Double>> used = cpu.between(from, to);
                double workerCpu = 0;
                Map<String, Double> workerGroups = new TreeMap<>();
                for (int w = 0; w < workers; w++) {
                    for (Map.Entry<String, Double> g : used.get("w" + w).entrySet()) {
                        workerGroups.merge(g.getKey(), g.getValue(), Double::sum);
                    }
                    workerCpu += total(used, "w" + w);
                }
                double brokerCpu = total(used, "broker");
                double harnessCpu = total(used, "harness");
                Map<String, Object> cores = new LinkedHashMap<>();
                cores.put("workers", round(workerCpu / seconds, 3));
                cores.put("broker", round(brokerCpu / seconds, 3));
                cores.put("harness", round(harnessCpu / seconds, 3));
                if (used.containsKey("machine")) {
                    double machine = total(used, "machine");
                    cores.put("machine", round(machine / seconds, 3));
                    cores.put("others", round((machine - workerCpu - brokerCpu - harnessCpu) / seconds, 3));
                }
                Map<String, Object> cpuSeconds = new LinkedHashMap<>();
                cpuSeconds.put("workers", round(workerCpu, 2));
                for (int w = 0; w < workers; w++) {
                    cpuSeconds.put("w" + w, round(total(used, "w" + w), 2));
                }
                cpuSeconds.put("broker", round(brokerCpu, 2));
                cpuSeconds.put("harness", round(harnessCpu, 2));
                Map<String, Object> groups = new LinkedHashMap<>();
                workerGroups.forEach((g, v) -> groups.put(g, round(v, 2)));
                Map<String, Object> brokerGroups = new LinkedHashMap<>();
                used.get("broker").forEach((g, v) -> brokerGroups.put(g, round(v, 2)));

                line.put("framesPerSecond", round(fps, 2));
                line.put("windowSeconds", round(seconds, 2));
                line.put("windowFrames", inWindow);
                line.put("framesPerWorkerCpuSecond", round(inWindow / workerCpu, 2));
                line.put("brokerCpuMsPerFrame", round(1000 * brokerCpu / inWindow, 3));
                line.put("coresUsed", cores);
                line.put("cpuSeconds", cpuSeconds);
                line.put("workerCpuByThread", groups);
                line.put("brokerCpuByThread", brokerGroups);
                line.put("publish", pub);

                // phase 2: a steady 70% of the drain rate; latency publish -> committed result seen by a consumer
                int before = got.size();
                double rate = 0.7 * fps;
                int paced = (int) Math.max(BATCH, rate * pacedSeconds);
                int first = published;
                CompletableFuture<Integer> pacer = CompletableFuture.supplyAsync(
                        () -> publish(publisher, tracks, jpegs, first, paced, rate));
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
                published += pacer.get(pacedSeconds > 0 ? (long) (pacedSeconds * 10) + 60 : 60, TimeUnit.SECONDS);
                published -= (int) publisher.failed(); // never reached the topic: not the workers' to answer
                line.put("publishFailed", publisher.failed());
                List<ConsumerRecord<byte[], byte[]>> all = results.until(r -> false, Duration.ofSeconds(3));
                Set<String> distinct = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : all) {
                    FrameResult fr = Json.read(r.value(), FrameResult.class, "r");
                    distinct.add(fr.participant() + "#" + fr.sequence());
                }
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                line.put("p99Ms", sorted.length == 0 ? null : (long) Quantiles.of(sorted, 0.99));
                line.put("p50Ms", sorted.length == 0 ? null : (long) Quantiles.of(sorted, 0.5));
                line.put("lost", published - distinct.size());
                line.put("duplicated", all.size() - distinct.size());
                line.put("pacedFramesPerSecond", round(rate, 2));
                line.put("frames", published);
                line.put("vsInProcess", round(fps / inProcess[0], 3));
                line.put("perCpuVsInProcess", round(inWindow / workerCpu / inProcess[1], 3));
                line.put("loadAverageStart", loadAtStart);
                line.put("loadAverage", loadAverage());
                print(reorder(line));
                return new Run(workers, rep, fps, inWindow / workerCpu, rate);
            }
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

    /** The headline fields first, as the issue asks: workers, framesPerSecond, p99Ms, lost, duplicated. */
    private static Map<String, Object> reorder(Map<String, Object> line) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("workers", "rep", "framesPerSecond", "p99Ms", "lost", "duplicated")) {
            out.put(k, line.get(k));
        }
        line.forEach(out::putIfAbsent);
        return out;
    }

    private static double total(Map<String, Map<String, Double>> used, String process) {
        return used.getOrDefault(process, Map.of()).getOrDefault(CpuSampler.TOTAL, 0.0);
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

    /**
     * Waits until the leader of every partition of the new topics answers (a produce that arrives first is
     * refused with NOT_LEADER_OR_FOLLOWER, and the idempotent producer's retry of it can then be refused as out of
     * sequence).
     */
    private static void awaitLeaders(Admin admin, KafkaTopics topics, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (String t : List.of(topics.frames(), topics.results())) {
            for (int p = 0; p < PARTITIONS; p++) {
                all.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.listOffsets(all).all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the new topics have no leaders after " + timeout, e);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits until the workers' group has committed offsets at the end of every frames partition: the backlog
     * is classified. Asks the broker twice a second, which costs far less than reading the results meanwhile.
     */
    private static void awaitDrained(Admin admin, String framesTopic, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(framesTopic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            if (end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the workers did not drain " + framesTopic + " within " + timeout);
    }

    private static void print(Map<String, Object> line) {
        System.out.println(new String(Json.write(line), StandardCharsets.UTF_8));
        System.out.flush();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Double.isFinite(v) ? Math.round(v * f) / f : v;
    }

    /** The first three fields of /proc/loadavg (1, 5 and 15 minutes), as {@code uptime} shows them. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
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

    /**
     * The test broker ({@link TestBroker#main}) in its own JVM, so its CPU time is its own and not the
     * harness's. Not thread-safe; close once.
     */
    private static final class BrokerProcess implements AutoCloseable {
        private final Process process;
        private final String bootstrap;

        private BrokerProcess(Process process, String bootstrap) {
            this.process = process;
            this.bootstrap = bootstrap;
        }

        static BrokerProcess start(Path log) throws Exception {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    TestBroker.class.getName());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(new File(
                    log.toString()))).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> address = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.startsWith("bootstrap ")) {
                            return l.substring("bootstrap ".length()).trim();
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String bootstrap;
            try {
                bootstrap = address.get(180, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("the broker did not start within 180 s; see " + log, e);
            }
            if (bootstrap == null) {
                p.destroyForcibly();
                throw new IllegalStateException("the broker exited before printing its address; see " + log);
            }
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter()); // keep its stdout pipe from filling
                } catch (IOException e) {
                    // the broker has exited
                }
            }, "broker-stdout");
            drain.setDaemon(true);
            drain.start();
            return new BrokerProcess(p, bootstrap);
        }

        String bootstrapServers() {
            return bootstrap;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
