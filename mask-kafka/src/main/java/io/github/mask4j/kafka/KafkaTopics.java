package io.github.mask4j.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The names of mask4j's four topics: frames in, results and events out, and the compacted model announcements.
 *
 * <p>Immutable and thread-safe.
 *
 * @param frames one record per frame, key room/participant/track ({@code mask4j.frames})
 * @param results one result per frame, written transactionally by the workers ({@code mask4j.results})
 * @param events participants' state changes from the smoothing stream ({@code mask4j.events})
 * @param models compacted: the current classifier version and where to load it ({@code mask4j.models})
 */
public record KafkaTopics(String frames, String results, String events, String models) {
    public KafkaTopics {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(models, "models");
    }

    /** mask4j.frames, mask4j.results, mask4j.events, mask4j.models. */
    public static KafkaTopics defaults() {
        return withPrefix("mask4j");
    }

    /** PREFIX.frames, PREFIX.results, PREFIX.events, PREFIX.models: several deployments on one cluster. */
    public static KafkaTopics withPrefix(String prefix) {
        return new KafkaTopics(prefix + ".frames", prefix + ".results", prefix + ".events", prefix + ".models");
    }

    /**
     * Creates the topics that do not exist yet: frames, results and events with {@code partitions} partitions
     * (results keep the frames' keys, so a track stays on one partition end to end), models with one,
     * compacted. Existing topics are left as they are.
     *
     * @param replication replication factor, or -1 for the cluster's {@code default.replication.factor}
     */
    public void create(Admin admin, int partitions, short replication) throws InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(frames, partitions, replication));
        topics.add(new NewTopic(results, partitions, replication));
        topics.add(new NewTopic(events, partitions, replication));
        topics.add(new NewTopic(models, 1, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
            topics.removeIf(t -> existing.contains(t.name()));
            if (!topics.isEmpty()) {
                admin.createTopics(topics).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another process created them meanwhile
                throw new IllegalStateException("cannot create topics " + this + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }
}
