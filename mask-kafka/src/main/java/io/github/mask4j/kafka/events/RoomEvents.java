package io.github.mask4j.kafka.events;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.FrameRecordException;
import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.kafka.codec.Json;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.StateChange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smoothing and state-change events on Kafka Streams: reads the results topic, groups the labelled frames by
 * room, participant and video track (as {@code RoomMonitor} does), runs each track's {@link Smoothing} with its
 * state in a fault-tolerant store (in memory, backed by a changelog topic, so another instance restores it after a
 * crash), and writes a {@link StateChangeEvent} to the events topic whenever a track's state changes.
 * Processing is exactly-once ({@code exactly_once_v2}): a restart neither repeats nor skips an event.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; close is idempotent.
 */
public final class RoomEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomEvents.class);
    static final String STORE = "mask4j-smoothing";

    private final KafkaStreams streams;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RoomEvents(Builder b) {
        Map<String, Object> config = b.settings.clientConfig(
                Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
                        StreamsConfig.STATE_DIR_CONFIG, b.stateDir.toString()),
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, b.applicationId,
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
        this.streams = new KafkaStreams(topology(b.topics, b.smoothing, b.alertLabels), new StreamsConfig(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("room events stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
    }

    public static Builder builder(ClientSettings settings) {
        return new Builder(settings);
    }

    /**
     * The processing graph: results -> labelled frames keyed by room/participant/track -> (repartition) -> smoothing
     * with its store -> events.
     */
    public static Topology topology(KafkaTopics topics, Smoothing smoothing, Set<String> alertLabels) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        builder.stream(topics.results(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .flatMap((k, v) -> {
                    FrameResult r;
                    try {
                        r = Json.read(v, FrameResult.class, topics.results());
                    } catch (FrameRecordException e) {
                        LOG.warn("skipping a results record: {}", e.getMessage());
                        return java.util.List.<KeyValue<String, byte[]>>of();
                    }
                    // as in RoomMonitor, a frame the classifier is not sure about never reaches the smoothing
                    return r.status() == FrameResult.Status.OK && !Classification.NOT_SURE.equals(r.label())
                            ? java.util.List.of(KeyValue.pair(r.room() + "/" + r.participant() + "/" + r.track(), v))
                            : java.util.List.<KeyValue<String, byte[]>>of();
                })
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-track"))
                .process(() -> new SmoothingProcessor(smoothing, Set.copyOf(alertLabels)), STORE)
                .to(topics.events(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    public void start() {
        streams.start();
    }

    /** Whether the stream is running (all its tasks assigned and restored). */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** One track's smoothing, its state kept in the store between records. */
    private static final class SmoothingProcessor implements Processor<String, byte[], String, byte[]> {
        private final Smoothing smoothing;
        private final Set<String> alertLabels;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        SmoothingProcessor(Smoothing smoothing, Set<String> alertLabels) {
            this.smoothing = smoothing;
            this.alertLabels = alertLabels;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            FrameResult r = Json.read(record.value(), FrameResult.class, "repartitioned result");
            byte[] saved = store.get(record.key());
            Smoothing.Smoother smoother = saved == null ? smoothing.newSmoother()
                    : smoothing.restore(Json.read(saved, Smoothing.Smoother.Snapshot.class, STORE));
            String before = smoother.state();
            String after = smoother.accept(r.label(), r.confidence());
            store.put(record.key(), Json.write(smoother.snapshot()));
            if (after != null && !after.equals(before)) {
                StateChange change = new StateChange(r.room(), r.participant(), r.track(), before, after,
                        r.timestampMillis(), alertLabels.contains(after));
                context.forward(record.withValue(Json.write(new StateChangeEvent(change, r))));
            }
        }
    }

    /** Options for {@link RoomEvents}. Not thread-safe; build once. */
    public static final class Builder {
        private final ClientSettings settings;
        private KafkaTopics topics = KafkaTopics.defaults();
        private Smoothing smoothing = Smoothing.majority(5);
        private Set<String> alertLabels = Set.of("without_mask");
        private String applicationId = "mask4j-room-events";
        // one folder per instance: the store lives in memory and is restored from its changelog, and two instances
        // on one machine must not share (and lock) a folder
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "mask4j-kafka-streams",
                java.util.UUID.randomUUID().toString());

        private Builder(ClientSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        public Builder topics(KafkaTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** How labels are smoothed (default majority over 5 frames, as RoomMonitor). */
        public Builder smoothing(Smoothing smoothing) {
            this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
            return this;
        }

        /** States that count as alerts (default without_mask). */
        public Builder alertLabels(Set<String> labels) {
            this.alertLabels = Set.copyOf(labels);
            return this;
        }

        /** The Streams application id: its consumer group and the prefix of its internal topics. */
        public Builder applicationId(String id) {
            this.applicationId = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Where Streams keeps its local files (default a new folder under java.io.tmpdir/mask4j-kafka-streams). */
        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public RoomEvents build() {
            return new RoomEvents(this);
        }
    }
}
