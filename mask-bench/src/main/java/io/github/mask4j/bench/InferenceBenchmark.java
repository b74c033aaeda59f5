package io.github.mask4j.bench;

import ai.onnxruntime.OrtException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
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
 * Feature extraction: {@link FeatureExtractor#embed(List)} against the raw ORT baseline on the same model file
 * with the same thread count. mask4j is given RGB frames already at the model's input size, so its
 * preprocessing is a 1:1 resample plus normalisation; the baseline gets the finished tensor.
 *
 * <p>JMH state, one per benchmark run: not thread-safe, JMH calls it from one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class InferenceBenchmark {
    @Param({"mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"})
    public String model;

    @Param({"1", "8"})
    public int batch;

    private FeatureExtractor extractor;
    private RawOrt raw;
    private List<ImageInput> frames;
    private float[] tensor;

    @Setup(Level.Trial)
    public void setup() throws OrtException {
        extractor = Fixtures.open(model);
        raw = new RawOrt(extractor);
        int w = extractor.preprocessing().width();
        int h = extractor.preprocessing().height();
        BufferedImage photo = Fixtures.photo(w, h);
        RawFrame frame = RawFrame.packed(PixelFormat.RGB, w, h, Fixtures.rgb(photo));
        float[] one = extractor.preprocess(frame);
        frames = new ArrayList<>();
        tensor = new float[one.length * batch];
        for (int i = 0; i < batch; i++) {
            frames.add(frame.withSource("frame " + i));
            System.arraycopy(one, 0, tensor, i * one.length, one.length);
        }
    }

    @Benchmark
    public List<float[]> mask4jEmbed(ProcessCpu cpu) {
        cpu.op();
        return extractor.embed(frames).valuesOrThrow();
    }

    @Benchmark
    public float[] rawOrt(ProcessCpu cpu) throws OrtException {
        cpu.op();
        return raw.features(tensor, batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        extractor.close();
        raw.close();
    }
}
