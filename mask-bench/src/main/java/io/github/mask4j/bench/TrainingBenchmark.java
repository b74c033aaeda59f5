package io.github.mask4j.bench;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
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
 * Training the default MLP head from scratch: N synthetic examples of the model's feature dimension (two
 * classes) x 20 epochs, default options (batch 16, 100 hidden units, Adam). Each call retrains from scratch.
 *
 * <p>JMH state, one per benchmark run: not thread-safe, JMH calls it from one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TrainingBenchmark {
    @Param({"mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"})
    public String model;

    @Param({"100", "1000", "10000"})
    public int examples;

    private FeatureExtractor extractor;
    private Classifier classifier;
    private final TrainingOptions options = TrainingOptions.builder().epochs(20).build();

    @Setup(Level.Trial)
    public void setup() {
        extractor = Fixtures.open(model);
        classifier = extractor.classification();
        float[][] x = Fixtures.embeddings(examples, extractor.featureDimension(), 3);
        for (int i = 0; i < x.length; i++) {
            classifier.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
        }
    }

    @Benchmark
    public TrainingReport train20Epochs(ProcessCpu cpu) {
        cpu.op();
        return classifier.train(options);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        extractor.close();
    }
}
