package io.github.mask4j.examples.commands;

import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options shared by the commands that talk to Kafka: where the cluster is, the client settings passed
 * through (security, SASL, TLS), and the topic names.
 *
 * <p>Not thread-safe (filled in by picocli once).
 */
public final class KafkaOptions {
    @Option(names = {"--bootstrap", "--kafka"}, required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file passed through to every client (security.protocol, "
                    + "sasl.*, ssl.*, timeouts).")
    Path configFile;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "KEY=VALUE",
            description = "One Kafka client setting passed through (repeatable; wins over --kafka-config).")
    List<String> properties = new ArrayList<>();

    @Option(names = "--topics", defaultValue = "mask4j", paramLabel = "PREFIX",
            description = "Topic name prefix: PREFIX.frames, .results, .events, .models (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    /** The client settings: bootstrap servers, then the file, then the -X pairs. */
    public ClientSettings settings() {
        ClientSettings s = ClientSettings.of(bootstrap);
        if (configFile != null) {
            s = s.withFile(configFile);
        }
        return s.withPairs(properties);
    }

    public KafkaTopics topics() {
        return KafkaTopics.withPrefix(topicPrefix);
    }
}
