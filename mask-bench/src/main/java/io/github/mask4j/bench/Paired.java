package io.github.mask4j.bench;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.training.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * mask4j against raw ONNX Runtime in one JVM, measured in alternating blocks, so that both sides see the same
 * machine state: on shared 2-core machines the noise between JMH forks (0.67x to 1.62x for the same pair) is larger
 * than the overhead we want to measure.
 *
 * <p>After a shared warm-up, each pair runs a block of calls of one side, then a block of the other (the order
 * alternates from pair to pair, so slow drift cancels), and records each block's mean time per call. It prints one
 * JSON line: the medians over pairs of both sides and of their ratio, and the ratio's 95 % bootstrap interval
 * (pairs resampled). Targets are judged on {@code ciHigh}.
 *
 * <pre>
 * java -cp mask-bench/target/benchmarks.jar io.github.mask4j.bench.Paired --model mobilenet_v2 --what embed
 *     [--batch N] [--faces 1|4] [--detector ultraface|yunet] [--pairs 30] [--warmup 5] [--block-ms 500]
 * </pre>
 *
 * <ul>
 *   <li>{@code embed}: {@link FeatureExtractor#embed} on {@code batch} packed RGB frames at the model's input size
 *   against the raw engine on the same images' ready tensor, asking only for {@code features};</li>
 *   <li>{@code e2e}: a 640x480 I420 frame to a label ({@link Classifier#classify}) against raw inference alone;</li>
 *   <li>{@code face}: {@link MaskDetector#detect} on a 640x480 RGB frame with 1 or 4 faces against the raw
 *   detector plus the raw backbone on a ready batch of that many crops.</li>
 * </ul>
 *
 * <p>mask4j runs with its defaults (no thread count given); the raw engine as a careful user configures it:
 * intra-op threads = the machine's cores ({@code -Dmask4j.bench.threads} overrides both).
 *
 * <p>A command-line harness: single-threaded, not thread-safe.
 */
public final class Paired {
    private static final int BOOTSTRAP = 4000;
    /** Results land here so the JIT cannot prove a call's work unused. */
    private static volatile Object sink;

    private Paired() {}

    /** One measured side: a call whose result is kept so the JIT cannot drop the work. */
    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String model = RoomThroughput.arg(args, "--model", "mobilenet_v2");
        String what = RoomThroughput.arg(args, "--what", "embed");
        int batch = Integer.parseInt(RoomThroughput.arg(args, "--batch", "1"));
        int faces = Integer.parseInt(RoomThroughput.arg(args, "--faces", "1"));
        String detector = RoomThroughput.arg(args, "--detector", "ultraface");
        int pairs = Integer.parseInt(RoomThroughput.arg(args, "--pairs", "30"));
        int warmupSeconds = Integer.parseInt(RoomThroughput.arg(args, "--warmup", "5"));
        double blockMs = Double.parseDouble(RoomThroughput.arg(args, "--block-ms", "500"));
        if (pairs < 30) {
            throw new IllegalArgumentException("--pairs must be at least 30 for a meaningful interval, got " + pairs);
        }
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            Call[] sides = switch (what) {
                case "embed" -> embed(model, batch, owned);
                case "e2e" -> endToEnd(model, batch, owned);
                case "face" -> face(model, faces, detector, owned);
                default -> throw new IllegalArgumentException("--what must be embed, e2e or face, got " + what);
            };
            Result r = measure(sides[0], sides[1], pairs, warmupSeconds, blockMs);
            System.out.println(String.format(Locale.ROOT,
                    "{\"model\":\"%s\",\"what\":\"%s\",\"batch\":%d,\"faces\":%s,\"detector\":%s,\"pairs\":%d,"
                            + "\"mask4jMs\":%.4f,\"rawMs\":%.4f,\"ratio\":%.4f,\"ciLow\":%.4f,\"ciHigh\":%.4f,"
                            + "\"threads\":%d,\"callsPerBlock\":%d,\"loadAverage\":%s}",
                    model, what, what.equals("face") ? faces : batch, what.equals("face") ? faces : "null",
                    what.equals("face") ? "\"" + detector + "\"" : "null", pairs, r.mask4jMs, r.rawMs, r.ratio,
                    r.ciLow, r.ciHigh, Fixtures.rawThreads(), r.callsPerBlock, loadAverage()));
        } finally {
            Collections.reverse(owned);
            for (AutoCloseable c : owned) {
                c.close();
            }
        }
    }

    private static Call[] embed(String model, int batch, List<AutoCloseable> owned) throws Exception {
        FeatureExtractor extractor = openDefault(model, owned);
        RawOrt raw = new RawOrt(extractor);
        owned.add(raw);
        int w = extractor.preprocessing().width();
        int h = extractor.preprocessing().height();
        List<ImageInput> images = new ArrayList<>();
        String[] photos = {"grace_hopper.jpg", "face.jpg", "cat.jpg"};
        for (int i = 0; i < batch; i++) {
            images.add(RawFrame.packed(PixelFormat.RGB, w, h, Fixtures.rgb(Fixtures.photo(photos[i % 3], w, h))));
        }
        float[] tensor = tensorOf(extractor, images);
        return new Call[] {() -> extractor.embed(images), () -> raw.features(tensor, batch)};
    }

    private static Call[] endToEnd(String model, int batch, List<AutoCloseable> owned) throws Exception {
        FeatureExtractor extractor = openDefault(model, owned);
        RawOrt raw = new RawOrt(extractor);
        owned.add(raw);
        Classifier classifier = extractor.classification();
        float[][] x = Fixtures.embeddings(40, extractor.featureDimension(), 7);
        for (int i = 0; i < x.length; i++) {
            classifier.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
        }
        classifier.train(TrainingOptions.builder().epochs(5).build());
        List<ImageInput> frames = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            frames.add(RawFrame.i420(640, 480, Fixtures.i420(Fixtures.photo(640, 480))));
        }
        float[] tensor = tensorOf(extractor, frames);
        Call mask4j = batch == 1 ? () -> classifier.classify(frames.get(0)) : () -> classifier.classify(frames);
        return new Call[] {mask4j, () -> raw.features(tensor, batch)};
    }

    private static Call[] face(String model, int faces, String detector, List<AutoCloseable> owned)
            throws Exception {
        // The face benchmark's own states: the same frames, detectors, heads and raw baselines as in JMH.
        FaceBenchmark.Frames frames = new FaceBenchmark.Frames();
        frames.faces = faces;
        frames.size = "640x480";
        frames.setup();
        FaceBenchmark.Detector det = new FaceBenchmark.Detector();
        det.detector = switch (detector) {
            case "ultraface" -> "ultraface_rfb_320";
            case "yunet" -> "yunet";
            default -> throw new IllegalArgumentException("--detector must be ultraface or yunet, got " + detector);
        };
        det.setup();
        owned.add(det::tearDown);
        FaceBenchmark.Head head = new FaceBenchmark.Head();
        head.classifier = model;
        head.setup();
        owned.add(head::tearDown);
        MaskDetector masks = MaskDetector.of(det.faces, head.head);
        float[] crops = head.tensors[faces];
        return new Call[] {() -> masks.detect(frames.frame),
            () -> new Object[] {det.raw.run(det.tensor), head.raw.features(crops, faces)}};
    }

    private static FeatureExtractor openDefault(String model, List<AutoCloseable> owned) {
        System.setProperty("mask4j.model.dir", Fixtures.modelDir().toString());
        ModelSpec spec = ModelSpec.of(model);
        if (Integer.getInteger("mask4j.bench.threads") != null) {
            spec = spec.toBuilder().threads(Fixtures.rawThreads()).build();
        }
        FeatureExtractor extractor = FeatureExtractor.open(spec);
        owned.add(extractor);
        return extractor;
    }

    private static float[] tensorOf(FeatureExtractor extractor, List<ImageInput> images) {
        int per = extractor.preprocessing().tensorSize();
        float[] tensor = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(extractor.preprocess(images.get(i)), 0, tensor, i * per, per);
        }
        return tensor;
    }

    record Result(double mask4jMs, double rawMs, double ratio, double ciLow, double ciHigh, int callsPerBlock) {}

    static Result measure(Call mask4j, Call raw, int pairs, int warmupSeconds, double blockMs) throws Exception {
        // Shared warm-up: both sides, interleaved, until the JIT and ORT's arenas have settled.
        long until = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long calls = 0;
        long spent = 0;
        while (System.nanoTime() < until || calls < 20) {
            long t0 = System.nanoTime();
            sink(mask4j.run());
            sink(raw.run());
            spent += System.nanoTime() - t0;
            calls++;
        }
        double perCallMs = spent / 2e6 / calls;
        int n = (int) Math.max(3, Math.round(blockMs / perCallMs));
        double[] m = new double[pairs];
        double[] r = new double[pairs];
        double[] ratio = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            if (p % 2 == 0) {
                m[p] = block(mask4j, n);
                r[p] = block(raw, n);
            } else {
                r[p] = block(raw, n);
                m[p] = block(mask4j, n);
            }
            ratio[p] = m[p] / r[p];
        }
        double[] ci = bootstrapMedian(ratio, BOOTSTRAP, 42);
        return new Result(median(m), median(r), median(ratio), ci[0], ci[1], n);
    }

    private static void sink(Object result) {
        sink = result;
    }

    /** The 1-minute load average as a JSON number (null where /proc is missing): a busy machine shows here. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "null";
        }
    }

    /**
     * Mean time per call over {@code n} calls, after {@code n / 5} (at least 2) unmeasured ones: the other side's
     * ONNX Runtime worker threads spin for a while after its last call and take a core from this one (calls
     * alternating one by one ran both sides at 1.8x their own speed); the settling calls let them go idle.
     */
    private static double block(Call call, int n) throws Exception {
        for (int i = 0, settle = Math.max(2, n / 5); i < settle; i++) {
            sink(call.run());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink(call.run());
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int k = s.length / 2;
        return s.length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }

    /** The 2.5 % and 97.5 % percentiles of the median of {@code values} resampled with replacement. */
    static double[] bootstrapMedian(double[] values, int rounds, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] medians = new double[rounds];
        double[] sample = new double[values.length];
        for (int b = 0; b < rounds; b++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = values[random.nextInt(values.length)];
            }
            medians[b] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (0.025 * (rounds - 1))], medians[(int) Math.ceil(0.975 * (rounds - 1))]};
    }
}
