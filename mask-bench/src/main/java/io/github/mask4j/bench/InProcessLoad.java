package io.github.mask4j.bench;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.kafka.codec.Json;
import io.github.mask4j.model.ModelSpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * In-process classification of the sample-clip JPEGs in batches of {@value #BATCH} on one thread: what a Kafka
 * worker does without Kafka. {@link KafkaScale} uses it in its own JVM (the Kafka path's overhead) and, through
 * {@link #main}, as 1 and then 2 child JVMs at once: how well the machine itself runs two single-threaded
 * classifiers side by side, the ceiling for scaling workers on the same cores.
 *
 * <p>Stateless helpers; thread-safe as far as the classifier passed in is.
 */
public final class InProcessLoad {
    /** Frames per classify call, as a worker's poll. */
    static final int BATCH = 16;

    private InProcessLoad() {}

    /** The shared sample-clip frames (JPEG, longest side 320 px), in file order. */
    static List<byte[]> sampleFrames() throws IOException {
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

    /** {@value #BATCH} frames starting at frame {@code from}, round-robin over the JPEGs. */
    static List<ImageInput> batch(List<byte[]> jpegs, int from) {
        List<ImageInput> b = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            b.add(ImageInput.of(jpegs.get((from + i) % jpegs.size()), "frame " + (from + i)));
        }
        return b;
    }

    /**
     * Frames/s and frames per CPU-second (this whole process: the caller, JIT, GC) of {@code classify(List)}
     * over {@code frames} frames on this thread.
     */
    static double[] classify(Classifier c, List<byte[]> jpegs, int frames) {
        long cpu0 = ProcessCpu.processCpuNanos();
        long t0 = System.nanoTime();
        int done = 0;
        while (done < frames) {
            List<Classification> r = c.classify(batch(jpegs, done)).valuesOrThrow();
            done += r.size();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessCpu.processCpuNanos() - cpu0) / 1e9;
        return new double[] {done / seconds, done / cpu};
    }

    /** As {@link #classify(Classifier, List, int)}, for {@code seconds} of wall-clock time. */
    static double[] classifyFor(Classifier c, List<byte[]> jpegs, double seconds) {
        long cpu0 = ProcessCpu.processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        int done = 0;
        while (System.nanoTime() < end) {
            done += c.classify(batch(jpegs, done)).valuesOrThrow().size();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessCpu.processCpuNanos() - cpu0) / 1e9;
        return new double[] {done / elapsed, done / cpu};
    }

    /**
     * Child JVM: classifier directory, warm-up seconds, measured seconds, tail seconds. Classifies with 1 ORT
     * thread for the warm-up, measures, then keeps classifying for the tail (so a sibling started a little later
     * never measures beside an idle core), and prints one JSON line {@code {"framesPerSecond":…,
     * "framesPerCpuSecond":…}}.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double warmup = Double.parseDouble(args[1]);
        double measure = Double.parseDouble(args[2]);
        double tail = Double.parseDouble(args[3]);
        List<byte[]> jpegs = sampleFrames();
        try (FeatureExtractor fe = FeatureExtractor.open(ModelSpec.of("mobilenet_v2").toBuilder().threads(1)
                .build())) {
            Classifier c = Classifier.load(dir, fe);
            classifyFor(c, jpegs, warmup);
            double[] r = classifyFor(c, jpegs, measure);
            classifyFor(c, jpegs, tail);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("framesPerSecond", r[0]);
            line.put("framesPerCpuSecond", r[1]);
            System.out.println(new String(Json.write(line), StandardCharsets.UTF_8));
        }
    }

    /**
     * Runs {@code processes} child JVMs of {@link #main} at once and returns their summed frames/s and their mean
     * frames per CPU-second.
     */
    static double[] side(int processes, Path classifierDir, double warmup, double measure, Path log)
            throws Exception {
        List<Process> ps = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx600m", "-Dmask4j.model.dir=" + Fixtures.modelDir(),
                        "-Dmask4j.data.dir=" + Fixtures.dataDir(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp", System.getProperty("java.class.path"), InProcessLoad.class.getName(),
                        classifierDir.toString(), String.valueOf(warmup), String.valueOf(measure), "3");
                ps.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(new File(
                        log.toString()))).start());
            }
            double fps = 0;
            double perCpu = 0;
            for (Process p : ps) {
                String json = null;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.startsWith("{")) {
                            json = l;
                        }
                    }
                }
                if (!p.waitFor((long) (warmup + measure + 120), TimeUnit.SECONDS) || p.exitValue() != 0 || json == null) {
                    throw new IllegalStateException("an in-process classifier JVM failed; see " + log);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = Json.read(json.getBytes(StandardCharsets.UTF_8), Map.class, "line");
                fps += ((Number) m.get("framesPerSecond")).doubleValue();
                perCpu += ((Number) m.get("framesPerCpuSecond")).doubleValue() / processes;
            }
            return new double[] {fps, perCpu};
        } finally {
            ps.forEach(Process::destroyForcibly);
        }
    }
}
