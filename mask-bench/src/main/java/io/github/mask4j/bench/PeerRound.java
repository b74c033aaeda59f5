package io.github.mask4j.bench;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import java.util.Arrays;
import java.util.Locale;

/**
 * One measured round of mask4j for the peers comparison ({@code mask-bench/peers/run.sh}): batch-1
 * {@link FeatureExtractor#embed} of a packed RGB frame at the model's input size (so preprocessing is a copy, not a
 * resize), for a warm-up and then a measured time, with mask4j's defaults. Prints the same JSON line as the
 * JavaScript engines' rounds: {@code {"engine":"mask4j","threads":…,"calls":…,"medianMs":…,"p10Ms":…,"p90Ms":…}}.
 *
 * <pre>
 * java -cp mask-bench/target/benchmarks.jar io.github.mask4j.bench.PeerRound [--model mobilenet_v2]
 *     [--warmup-seconds 3] [--seconds 8]
 * </pre>
 *
 * <p>A command-line harness: single-threaded, not thread-safe.
 */
public final class PeerRound {
    /** Results land here so the JIT cannot prove a call's work unused. */
    private static volatile Object sink;

    private PeerRound() {}

    public static void main(String[] args) throws Exception {
        String model = RoomThroughput.arg(args, "--model", "mobilenet_v2");
        double warmupSeconds = Double.parseDouble(RoomThroughput.arg(args, "--warmup-seconds", "3"));
        double seconds = Double.parseDouble(RoomThroughput.arg(args, "--seconds", "8"));
        try (FeatureExtractor extractor = Fixtures.open(model)) {
            int w = extractor.preprocessing().width();
            int h = extractor.preprocessing().height();
            RawFrame frame = RawFrame.packed(PixelFormat.RGB, w, h, Fixtures.rgb(Fixtures.photo(w, h)));
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmupEnd) {
                sink = extractor.embed(frame);
            }
            double[] times = new double[1 << 16];
            int n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && n < times.length) {
                long t = System.nanoTime();
                sink = extractor.embed(frame);
                times[n++] = (System.nanoTime() - t) / 1e6;
            }
            double[] sorted = Arrays.copyOf(times, n);
            Arrays.sort(sorted);
            System.out.println(String.format(Locale.ROOT,
                    "{\"engine\":\"mask4j\",\"threads\":%d,\"calls\":%d,\"medianMs\":%.4f,\"p10Ms\":%.4f,\"p90Ms\":%.4f}",
                    threads(extractor), n, Quantiles.of(sorted, 0.5), Quantiles.of(sorted, 0.1),
                    Quantiles.of(sorted, 0.9)));
        }
    }

    /** The intra-op threads mask4j chose: the spec's, or (its default) every core the JVM may use. */
    private static int threads(FeatureExtractor extractor) {
        int t = extractor.spec().threads();
        return t > 0 ? t : Runtime.getRuntime().availableProcessors();
    }
}
