package io.github.mask4j.bench;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Preprocessing alone: one image (JPEG bytes, a BufferedImage, a packed RGB frame or an I420 frame) into the
 * model's NCHW float input tensor via {@link FeatureExtractor#preprocess}. JPEG includes decoding.
 *
 * <p>JMH state, one per benchmark run: not thread-safe, JMH calls it from one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PreprocessBenchmark {
    @Param({"mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"})
    public String model;

    @Param({"jpeg", "buffered", "rgb", "i420"})
    public String source;

    @Param({"640x480", "1280x720"})
    public String size;

    private FeatureExtractor extractor;
    private ImageInput input;

    @Setup(Level.Trial)
    public void setup() {
        extractor = Fixtures.open(model);
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        BufferedImage photo = Fixtures.photo(w, h);
        input = switch (source) {
            case "jpeg" -> ImageInput.of(Fixtures.jpeg(photo), "jpeg " + size);
            case "buffered" -> ImageInput.of(photo);
            case "rgb" -> RawFrame.packed(PixelFormat.RGB, w, h, Fixtures.rgb(photo));
            case "i420" -> RawFrame.i420(w, h, Fixtures.i420(photo));
            default -> throw new IllegalArgumentException("unknown source " + source);
        };
    }

    @Benchmark
    public float[] preprocess(ProcessCpu cpu) {
        cpu.op();
        return extractor.preprocess(input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        extractor.close();
    }
}
