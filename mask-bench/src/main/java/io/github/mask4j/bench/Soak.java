package io.github.mask4j.bench;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.training.TrainingOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Soak: many 640x480 I420 frames through {@link Classifier#classify} (preprocess + embed + head) on
 * {@code mobilenet_v1_025}, sampling resident memory (VmRSS in /proc/self/status) and heap in use after a GC.
 * Growth is reported from the end of warm-up to the end, and as a trend (median RSS of the last quarter of the
 * samples against the first quarter), which is what the target is judged on. Run the JVM with a fixed, pre-touched heap
 * ({@code -Xms=-Xmx -XX:+AlwaysPreTouch}) so RSS growth means native memory (ONNX Runtime, DJL) rather than
 * the heap filling in; heap growth is reported separately.
 *
 * <pre>
 * java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp benchmarks.jar io.github.mask4j.bench.Soak
 *     --frames 100000 --warmup 5000 --samples 20 --out results/soak.json
 * </pre>
 *
 * <p>A command-line harness run once per JVM; not thread-safe.
 */
public final class Soak {
    private Soak() {}

    public static void main(String[] args) throws IOException {
        String model = RoomThroughput.arg(args, "--model", "mobilenet_v1_025");
        int frames = Integer.parseInt(RoomThroughput.arg(args, "--frames", "100000"));
        int warmup = Integer.parseInt(RoomThroughput.arg(args, "--warmup", "5000"));
        int samples = Integer.parseInt(RoomThroughput.arg(args, "--samples", "20"));
        Path out = Path.of(RoomThroughput.arg(args, "--out", "soak.json"));
        if (warmup >= frames) {
            throw new IllegalArgumentException("--warmup must be smaller than --frames");
        }
        List<String> points = new ArrayList<>();
        List<Long> rssSamples = new ArrayList<>();
        long baseRss;
        long baseHeap;
        long lastRss;
        long lastHeap;
        long maxRss;
        long started;
        long elapsed;
        try (FeatureExtractor extractor = Fixtures.open(model)) {
            Classifier classifier = extractor.classification();
            float[][] x = Fixtures.embeddings(40, extractor.featureDimension(), 9);
            for (int i = 0; i < x.length; i++) {
                classifier.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
            }
            classifier.train(TrainingOptions.builder().epochs(5).build());
            // Two different pictures so consecutive frames differ, as video does.
            byte[][] pixels = {Fixtures.i420(Fixtures.photo(640, 480)), Fixtures.i420(Fixtures.photo(480, 640))};
            RawFrame[] frameOf = {RawFrame.i420(640, 480, pixels[0]), RawFrame.i420(640, 480, pixels[1])};
            long sink = 0;
            for (int i = 0; i < warmup; i++) {
                sink += classifier.classify(frameOf[i & 1].withSource("frame " + i)).label().length();
            }
            baseHeap = heapAfterGc();
            baseRss = rssKb();
            maxRss = baseRss;
            lastRss = baseRss;
            lastHeap = baseHeap;
            points.add(point(warmup, baseRss, baseHeap));
            rssSamples.add(baseRss);
            int measured = frames - warmup;
            int every = Math.max(1, measured / samples);
            started = System.nanoTime();
            for (int i = 0; i < measured; i++) {
                sink += classifier.classify(frameOf[i & 1].withSource("frame " + (warmup + i))).label().length();
                if ((i + 1) % every == 0 || i == measured - 1) {
                    lastRss = rssKb();
                    lastHeap = heapAfterGc();
                    maxRss = Math.max(maxRss, lastRss);
                    points.add(point(warmup + i + 1, lastRss, lastHeap));
                    rssSamples.add(lastRss);
                    System.out.printf(Locale.ROOT, "frame %d: RSS %d kB, heap %d kB%n", warmup + i + 1, lastRss,
                            lastHeap / 1024);
                }
            }
            elapsed = System.nanoTime() - started;
            if (sink == 42) {
                System.out.println();
            }
        }
        double growth = 100.0 * (lastRss - baseRss) / baseRss;
        // RSS saw-tooths by a few per cent as native buffers are freed in bursts; a leak is a trend, so compare
        // the median of the last quarter of the samples with the median of the first quarter.
        int quarter = Math.max(1, rssSamples.size() / 4);
        long early = median(rssSamples.subList(0, quarter));
        long late = median(rssSamples.subList(rssSamples.size() - quarter, rssSamples.size()));
        double trend = 100.0 * (late - early) / early;
        String json = String.format(Locale.ROOT,
                "{\"model\":\"%s\",\"frames\":%d,\"warmupFrames\":%d,\"framesPerSecond\":%.1f,"
                        + "\"rssAfterWarmupKb\":%d,\"rssEndKb\":%d,\"rssMaxKb\":%d,\"rssGrowthPercent\":%.3f,\"rssTrendPercent\":%.3f,"
                        + "\"heapAfterWarmupKb\":%d,\"heapEndKb\":%d,\"maxHeapMb\":%d,\"samples\":[%s]}",
                model, frames, warmup, (frames - warmup) / (elapsed / 1e9), baseRss, lastRss, maxRss, growth, trend,
                baseHeap / 1024, lastHeap / 1024, Runtime.getRuntime().maxMemory() >> 20, String.join(",", points));
        System.out.println(json);
        AtomicFiles.write(out, tmp -> Files.writeString(tmp, json + "\n"));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String point(int frame, long rssKb, long heapBytes) {
        return "{\"frame\":" + frame + ",\"rssKb\":" + rssKb + ",\"heapKb\":" + heapBytes / 1024 + "}";
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process in kB. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status (Linux only)");
    }
}
