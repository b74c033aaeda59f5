package io.github.mask4j.bench;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Room throughput: N video tracks, each producing 640x480 I420 frames at a fixed rate, classified through
 * mask-core's per-frame path ({@link Classifier#classify} on a {@link RawFrame}) on a shared worker pool. A
 * track whose previous frame is still being classified drops the new one (live video keeps only the latest
 * frame). Reports sustained classified frames/s, drops and p50/p99 latency from frame capture to result.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mask4j.bench.RoomThroughput --model mobilenet_v2 --tracks 1,4,16 --fps 2
 *     --seconds 10 --warmup 3 --workers 2 --out results/room.json
 * </pre>
 *
 * A plain harness rather than JMH because the measure is an open-loop rate (frames arrive on a clock whether or
 * not the last one is done), which JMH's closed-loop modes cannot express. Single-threaded setup; not reusable, and not thread-safe beyond its own worker pool.
 */
public final class RoomThroughput {
    private RoomThroughput() {}

    public static void main(String[] args) throws Exception {
        String model = arg(args, "--model", "mobilenet_v2");
        int[] tracks = Arrays.stream(arg(args, "--tracks", "1,4,16").split(",")).mapToInt(Integer::parseInt).toArray();
        double fps = Double.parseDouble(arg(args, "--fps", "2"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "10"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "3"));
        int workers = Integer.parseInt(arg(args, "--workers", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Path out = Path.of(arg(args, "--out", "room.json"));

        List<String> rows = new ArrayList<>();
        try (FeatureExtractor extractor = Fixtures.open(model)) {
            Classifier classifier = extractor.classification();
            float[][] x = Fixtures.embeddings(40, extractor.featureDimension(), 5);
            for (int i = 0; i < x.length; i++) {
                classifier.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
            }
            classifier.train(TrainingOptions.builder().epochs(5).build());
            RawFrame[] frames = {RawFrame.i420(640, 480, Fixtures.i420(Fixtures.photo(640, 480)))};
            for (int n : tracks) {
                run(classifier, frames[0], n, fps, warmup, false, workers);
                Stats s = run(classifier, frames[0], n, fps, seconds, true, workers);
                String row = String.format(Locale.ROOT,
                        "{\"model\":\"%s\",\"tracks\":%d,\"fpsPerTrack\":%.2f,\"workers\":%d,\"ortThreads\":%d,"
                                + "\"seconds\":%d,\"offeredFps\":%.2f,\"sustainedFps\":%.2f,\"dropped\":%d,"
                                + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
                        model, n, fps, workers, Fixtures.THREADS, seconds, n * fps, s.completed / (double) seconds,
                        s.dropped, s.percentile(50), s.percentile(99), s.percentile(100));
                rows.add(row);
                System.out.println(row);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        AtomicFiles.write(out, tmp -> Files.writeString(tmp, "[\n" + String.join(",\n", rows) + "\n]\n"));
    }

    private record Stats(long completed, long dropped, long[] latenciesNanos) {
        double percentile(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return Quantiles.of(sorted, p / 100) / 1e6;
        }
    }

    private static Stats run(Classifier classifier, RawFrame frame, int tracks, double fps, int seconds,
            boolean record, int workers) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
        AtomicLong completed = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        long[] latencies = new long[(int) Math.ceil(tracks * fps * seconds) + tracks + 16];
        AtomicLong latencyCount = new AtomicLong();
        AtomicBoolean open = new AtomicBoolean(true);
        long periodNanos = (long) (1e9 / fps);
        for (int t = 0; t < tracks; t++) {
            AtomicBoolean busy = new AtomicBoolean();
            RawFrame trackFrame = frame.withSource("track " + t);
            // Tracks start spread over one period, as real participants' cameras are not in phase.
            long offset = periodNanos * t / tracks;
            clock.scheduleAtFixedRate(() -> {
                if (!open.get()) {
                    return;
                }
                long captured = System.nanoTime();
                if (!busy.compareAndSet(false, true)) {
                    dropped.incrementAndGet();
                    return;
                }
                pool.execute(() -> {
                    try {
                        classifier.classify(trackFrame);
                        long done = System.nanoTime();
                        if (open.get()) {
                            completed.incrementAndGet();
                            long i = latencyCount.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[(int) i] = done - captured;
                            }
                        }
                    } finally {
                        busy.set(false);
                    }
                });
            }, offset, periodNanos, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(seconds * 1000L);
        open.set(false);
        clock.shutdownNow();
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        int n = (int) Math.min(latencyCount.get(), latencies.length);
        return new Stats(completed.get(), dropped.get(), Arrays.copyOf(latencies, n));
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
