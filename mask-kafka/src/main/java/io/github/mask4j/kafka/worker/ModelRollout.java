package io.github.mask4j.kafka.worker;

import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Rolls a new classifier out to every worker: announces it on the compacted models topic under one key, so the
 * topic keeps only the current version; running workers load it between batches, new ones at start.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelRollout {
    /** The models topic key of the classifier announcement. */
    public static final String KEY = "classifier";

    private ModelRollout() {}

    /**
     * Announces {@code version} at {@code classifierDir} and waits until the cluster has it.
     *
     * @param classifierDir a saved classifier directory, as the workers will see it
     */
    public static void announce(ClientSettings settings, KafkaTopics topics, String version, Path classifierDir)
            throws InterruptedException {
        ModelAnnouncement a = new ModelAnnouncement(version, classifierDir.toAbsolutePath().toString());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(settings.clientConfig(Map.of(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.models(), KEY, Json.write(a))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot announce model " + version + " on " + topics.models() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
