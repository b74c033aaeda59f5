package io.github.mask4j.bench;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.training.TrainingOptions;
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
 * End to end: one 640x480 video frame to a label ({@link Classifier#classify} = preprocess + embed + MLP head).
 * Its baseline is {@link InferenceBenchmark#rawOrt} at batch 1 (raw ORT inference alone on a ready tensor),
 * measured in the same run. The head is trained on real embeddings of two photos at setup.
 *
 * <p>JMH state, one per benchmark run: not thread-safe, JMH calls it from one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EndToEndBenchmark {
    @Param({"mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"})
    public String model;

    /** I420 is what WebRTC (Twilio) hands over; RGB is the common desktop capture format. */
    @Param({"i420", "rgb"})
    public String format;

    private FeatureExtractor extractor;
    private Classifier classifier;
    private RawFrame frame;

    @Setup(Level.Trial)
    public void setup() {
        extractor = Fixtures.open(model);
        BufferedImage photo = Fixtures.photo(640, 480);
        frame = format.equals("i420") ? RawFrame.i420(640, 480, Fixtures.i420(photo))
                : RawFrame.packed(PixelFormat.RGB, 640, 480, Fixtures.rgb(photo));
        classifier = extractor.classification();
        float[][] synthetic = Fixtures.embeddings(40, extractor.featureDimension(), 7);
        for (int i = 0; i < synthetic.length; i++) {
            classifier.addEmbedding(synthetic[i], i % 2 == 0 ? "with_mask" : "without_mask");
        }
        classifier.addEmbedding(extractor.embed(frame), "without_mask");
        classifier.train(TrainingOptions.builder().epochs(5).build());
    }

    @Benchmark
    public Classification frameToLabel(ProcessCpu cpu) {
        cpu.op();
        return classifier.classify(frame);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        extractor.close();
    }
}
