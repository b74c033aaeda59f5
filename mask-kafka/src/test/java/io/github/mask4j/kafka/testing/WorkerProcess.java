package io.github.mask4j.kafka.testing;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.worker.ClassificationWorker;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.model.ModelSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A classification worker in a child JVM, so tests and the scaling harness can kill one for real
 * ({@link Process#destroyForcibly()}, SIGKILL: no close, no commit). Arguments: bootstrap, topic prefix,
 * classifier dir, model version, worker id, ORT threads, max age in ms (0: none), and optionally the records
 * per poll (default: the worker's).
 *
 * <p>Not thread-safe; one per process.
 */
public final class WorkerProcess {
    private WorkerProcess() {}

    public static void main(String[] args) {
        ClientSettings settings = ClientSettings.of(args[0]).with("session.timeout.ms", 6000)
                .with("heartbeat.interval.ms", 1000);
        try (FeatureExtractor fe = FeatureExtractor.open(ModelSpec.of(BuiltinModel.MOBILENET_V2).toBuilder()
                .threads(Integer.parseInt(args[5])).build())) {
            Classifier c = Classifier.load(Path.of(args[2]), fe);
            ClassificationWorker.Builder b = ClassificationWorker.builder(settings, fe)
                    .topics(KafkaTopics.withPrefix(args[1])).classifier(c, args[3]).workerId(args[4])
                    .maxAge(Duration.ofMillis(Long.parseLong(args[6]))).transactionTimeout(Duration.ofSeconds(5));
            if (args.length > 7) {
                b.batchSize(Integer.parseInt(args[7]));
            }
            ClassificationWorker w = b.build();
            Runtime.getRuntime().addShutdownHook(new Thread(w::close));
            w.run();
        }
    }

    /** Starts a worker JVM on this JVM's class path, its output appended to {@code log}. */
    public static Process start(String bootstrap, String topicPrefix, Path classifierDir, String version,
            String workerId, int threads, long maxAgeMillis, Path log) throws IOException {
        return start(bootstrap, topicPrefix, classifierDir, version, workerId, threads, maxAgeMillis, 0, log);
    }

    /** As {@link #start(String, String, Path, String, String, int, long, Path)}, polling up to {@code batch}
     * records at a time (0: the worker's default). */
    public static Process start(String bootstrap, String topicPrefix, Path classifierDir, String version,
            String workerId, int threads, long maxAgeMillis, int batch, Path log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx600m", "-cp", cp));
        for (String p : List.of("mask4j.model.dir", "mask4j.shared.dir", "org.slf4j.simpleLogger.defaultLogLevel")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
        cmd.addAll(List.of(WorkerProcess.class.getName(), bootstrap, topicPrefix, classifierDir.toString(), version,
                workerId, String.valueOf(threads), String.valueOf(maxAgeMillis)));
        if (batch > 0) {
            cmd.add(String.valueOf(batch));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                new File(log.toString()))).start();
    }
}
