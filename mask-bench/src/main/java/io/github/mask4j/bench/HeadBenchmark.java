package io.github.mask4j.bench;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.training.TrainingOptions;
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
 * The head alone: classify one embedding ({@link Classifier#classifyEmbedding}) with the MLP (100 hidden units)
 * or k-NN (k = 3 over 200 examples), over synthetic embeddings of the model's dimension.
 *
 * <p>JMH state, one per benchmark run: not thread-safe, JMH calls it from one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HeadBenchmark {
    @Param({"mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"})
    public String model;

    @Param({"mlp", "knn"})
    public String head;

    private FeatureExtractor extractor;
    private Classifier classifier;
    private float[] query;

    @Setup(Level.Trial)
    public void setup() {
        extractor = Fixtures.open(model);
        classifier = extractor.classification(head.equals("knn") ? ClassifierOptions.knn(3)
                : ClassifierOptions.defaults());
        float[][] x = Fixtures.embeddings(201, extractor.featureDimension(), 11);
        for (int i = 0; i < 200; i++) {
            classifier.addEmbedding(x[i], i % 2 == 0 ? "with_mask" : "without_mask");
        }
        classifier.train(TrainingOptions.builder().epochs(5).build());
        query = x[200];
    }

    @Benchmark
    public Classification classifyEmbedding(ProcessCpu cpu) {
        cpu.op();
        return classifier.classifyEmbedding(query);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        extractor.close();
    }
}
