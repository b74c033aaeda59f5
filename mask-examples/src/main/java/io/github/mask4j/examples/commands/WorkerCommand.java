package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.events.RoomEvents;
import io.github.mask4j.kafka.worker.ClassificationWorker;
import io.github.mask4j.timeline.Smoothing;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j worker}: one stateless classification worker of a Kafka consumer group (see docs/scale-out.md);
 * optionally also the smoothing and events stream. Runs until stopped (Ctrl-C, SIGTERM).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Classify frames from a Kafka frames topic as one worker of a consumer group, writing exactly "
                + "one result per frame to the results topic (transactions); Ctrl-C to stop.")
public final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--classifier", required = true, paramLabel = "DIR",
            description = "Saved classifier to start with; a newer one announced on the models topic replaces it.")
    Path classifierDir;

    @Option(names = "--model-version", paramLabel = "NAME",
            description = "Version name the results of --classifier carry (default: the directory's name).")
    String modelVersion;

    @Option(names = "--group", defaultValue = "mask4j-workers", paramLabel = "ID",
            description = "Consumer group of the workers (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--id", paramLabel = "ID", description = "This worker's id, unique in the group (default: random).")
    String id;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime intra-op threads (default: one per core; use 1 with one worker per core).")
    int threads;

    @Option(names = "--max-age", defaultValue = "30", paramLabel = "SECONDS",
            description = "Skip (and count) frames published longer ago than this; 0 classifies all (default: ${DEFAULT-VALUE}).")
    double maxAgeSeconds;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N",
            description = "Frames per poll, classified in one call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--centre-crop", defaultValue = "1.0", paramLabel = "FRACTION",
            description = "Classify the centre FRACTION of each frame's shorter side (default: ${DEFAULT-VALUE}).")
    double centreCrop;

    @Option(names = "--create-topics", defaultValue = "0", paramLabel = "PARTITIONS",
            description = "Create the topics that are missing, with this many partitions (default: 0, create none).")
    int createTopics;

    @Option(names = "--replication", defaultValue = "-1", paramLabel = "N",
            description = "With --create-topics: replication factor (default: the cluster's default.replication.factor).")
    short replication;

    @Option(names = "--events", description = "Also run the smoothing stream (Kafka Streams) that writes state changes "
            + "to the events topic; run it in one or more processes.")
    boolean events;

    @Option(names = "--smoothing", defaultValue = "majority:5", paramLabel = "RULE",
            description = "With --events: majority:N, hysteresis:N or none (default: ${DEFAULT-VALUE}).")
    String smoothing;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClientSettings settings;
        Smoothing rule;
        try {
            settings = kafka.settings();
            rule = ServeCommand.parseSmoothing(smoothing);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!Files.isDirectory(classifierDir)) {
            throw new ParameterException(spec.commandLine(), "--classifier " + classifierDir
                    + " is not a directory; save one with `mask4j train --out DIR`");
        }
        KafkaTopics topics = kafka.topics();
        if (createTopics > 0) {
            try (Admin admin = Admin.create(settings.clientConfig(Map.of(), Map.of()))) {
                topics.create(admin, createTopics, replication);
            }
        }
        String version = modelVersion != null ? modelVersion : String.valueOf(classifierDir.getFileName());
        try (FeatureExtractor fe = model.open(threads)) {
            Classifier classifier = Classifier.load(classifierDir, fe);
            ClassificationWorker.Builder b = ClassificationWorker.builder(settings, fe).topics(topics)
                    .classifier(classifier, version).groupId(group).batchSize(batch).centreCrop(centreCrop)
                    .maxAge(Duration.ofMillis(Math.round(maxAgeSeconds * 1000)));
            if (id != null) {
                b.workerId(id);
            }
            ClassificationWorker worker = b.build();
            RoomEvents stream = events ? RoomEvents.builder(settings).topics(topics).smoothing(rule).build() : null;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                worker.close();
                if (stream != null) {
                    stream.close();
                }
            }));
            if (stream != null) {
                stream.start();
            }
            out.printf("mask4j worker %s on %s: %s -> %s, model %s%s; Ctrl-C to stop%n", worker.id(),
                    settings.bootstrapServers(), topics.frames(), topics.results(), version,
                    events ? ", events -> " + topics.events() : "");
            out.flush();
            try {
                worker.run();
            } catch (KafkaException e) {
                spec.commandLine().getErr().printf("error: Kafka at %s: %s (check --bootstrap and the security "
                        + "settings in --kafka-config / -X)%n", settings.bootstrapServers(), e.getMessage());
                return 2;
            }
            out.printf("worker %s stopped: %s%n", worker.id(), worker.stats());
            out.flush();
        }
        return 0;
    }
}
