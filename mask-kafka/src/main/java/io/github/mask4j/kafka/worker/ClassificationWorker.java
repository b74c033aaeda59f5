package io.github.mask4j.kafka.worker;

import io.github.mask4j.BatchResult;
import io.github.mask4j.Mask4jException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.FrameCodec;
import io.github.mask4j.kafka.codec.FrameRecord;
import io.github.mask4j.kafka.codec.FrameRecordException;
import io.github.mask4j.kafka.codec.FrameResult;
import io.github.mask4j.kafka.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless classification worker, one member of a consumer group on the frames topic. Each loop polls a batch,
 * decodes every record (an undecodable one becomes an {@link FrameResult.Status#ERROR} result), skips frames
 * older than the maximum age ({@link FrameResult.Status#STALE}, counted), classifies the rest in one batched
 * call across tracks, and writes one result per record to the results topic <em>in the same Kafka transaction
 * as the consumed offsets</em> (read-process-write; consumers of the results read with
 * {@code isolation.level=read_committed}). A worker that crashes or loses its partitions in a rebalance leaves
 * an open transaction that is aborted, and the next owner starts from the last committed offsets: no frame is
 * lost and none is labelled twice. The loop is pipelined: while one batch's transaction commits, the next batch
 * is already being classified, so the worker's core does not wait on the broker's round trips.
 *
 * <p>New classifier versions announced on the models topic ({@link ModelRollout}) are loaded between batches,
 * without a restart; each result names the version that made it.
 *
 * <p>Thread-safe in its public methods: {@link #run()} runs the loop on the calling thread (once), which owns the
 * Kafka clients, and classifies on one thread of the worker's own, ended when the loop ends;
 * {@link #close()} may be called from any thread, stops the loop after the batch in hand, closes the Kafka
 * clients and is idempotent. The feature extractor is borrowed and not closed.
 */
public final class ClassificationWorker implements Runnable, AutoCloseable {
    /** Records per poll, and so per transaction, unless {@link Builder#batchSize} says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = FeatureExtractor.MAX_BATCH;

    private static final Logger LOG = LoggerFactory.getLogger(ClassificationWorker.class);

    private final KafkaTopics topics;
    private final ClientSettings settings;
    private final FeatureExtractor extractor;
    private final String groupId;
    private final String workerId;
    private final Duration maxAge;
    private final int batchSize;
    private final double centreCrop;
    private final Duration transactionTimeout;
    private volatile Model model;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();

    /** The classifier in use and its version. */
    private record Model(Classifier classifier, String version) {}

    /**
     * What the worker has done so far. Immutable and thread-safe.
     *
     * @param ok frames labelled
     * @param errors records that could not be decoded or classified (error results)
     * @param stale frames skipped because they were older than the maximum age
     * @param batches transactions committed
     * @param aborted transactions aborted (their records are processed again)
     * @param modelVersion the classifier version in use
     */
    public record Stats(long ok, long errors, long stale, long batches, long aborted, String modelVersion) {}

    private ClassificationWorker(Builder b) {
        this.topics = b.topics;
        this.settings = b.settings;
        this.extractor = Objects.requireNonNull(b.extractor, "extractor is required");
        this.model = new Model(Objects.requireNonNull(b.classifier, "classifier is required"), b.version);
        this.groupId = b.groupId;
        this.workerId = b.workerId;
        this.maxAge = b.maxAge;
        this.batchSize = b.batchSize;
        this.centreCrop = b.centreCrop;
        this.transactionTimeout = b.transactionTimeout;
    }

    public static Builder builder(ClientSettings settings, FeatureExtractor extractor) {
        return new Builder(settings, extractor);
    }

    /** This worker's id (also its transactional id's suffix). */
    public String id() {
        return workerId;
    }

    /** The classifier version in use. */
    public String modelVersion() {
        return model.version();
    }

    public Stats stats() {
        return new Stats(ok.get(), errors.get(), stale.get(), batches.get(), aborted.get(), model.version());
    }

    /** Runs the poll-classify-commit loop on this thread until {@link #close()}. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a worker runs once; build another");
        }
        ExecutorService classifying = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mask4j-worker-" + workerId + "-classify");
            t.setDaemon(true);
            return t;
        });
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                        new ByteArraySerializer());
                ModelWatcher models = new ModelWatcher()) {
            consumer = c;
            p.initTransactions();
            models.catchUp(Duration.ofSeconds(30));
            Pipeline pipeline = new Pipeline(c, p, classifying);
            c.subscribe(List.of(topics.frames()), pipeline);
            LOG.info("worker {} in group {} consuming {} with model {}", workerId, groupId, topics.frames(),
                    model.version());
            pipeline.run(models);
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.warn("worker {} was fenced by a newer instance and stops: {}", workerId, e.getMessage());
        } finally {
            classifying.shutdownNow();
            consumer = null;
            stopped.countDown();
            LOG.info("worker {} stopped: {}", workerId, stats());
        }
    }

    /** A polled batch with its results, classified but not yet committed. */
    private record Classified(ConsumerRecords<byte[], byte[]> records, List<ConsumerRecord<byte[], byte[]>> list,
            List<FrameResult> results) {}

    /**
     * The loop, pipelined: while batch N's transaction commits on the polling thread (round trips to the broker,
     * during which this worker would otherwise leave its core idle), batch N+1 is classified on the worker's
     * classification thread. The consumer and the producer stay on the polling thread. A batch is only ever
     * written in its own transaction, with its own offsets, after the batch before it committed; when a commit
     * fails, the batch behind it is dropped unsent and the consumer rewinds to the committed offsets. Partitions
     * revoked in a rebalance first get the classified batch committed (the group generation is still valid then);
     * partitions lost (the generation is gone) drop it, and their next owner classifies it again.
     */
    private final class Pipeline implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;
        private final KafkaProducer<byte[], byte[]> p;
        private final ExecutorService classifying;
        private Classified ready;
        private boolean rewind;

        Pipeline(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> p, ExecutorService classifying) {
            this.c = c;
            this.p = p;
            this.classifying = classifying;
        }

        void run(ModelWatcher models) {
            try {
                while (!closed.get()) {
                    models.poll();
                    // with a batch waiting to commit, take only what the consumer already holds
                    ConsumerRecords<byte[], byte[]> records = c.poll(ready == null ? Duration.ofMillis(200)
                            : Duration.ZERO);
                    if (rewind) {
                        rewind = false;
                        rewindToCommitted(c); // a failed commit inside the rebalance: what this poll got is behind it
                        continue;
                    }
                    Future<Classified> next = records.isEmpty() ? null : classify(records);
                    if (ready != null && !commit(ready)) {
                        ready = null;
                        if (next != null) {
                            await(next); // never sent; its records come again after the rewind
                        }
                        rewindToCommitted(c);
                        continue;
                    }
                    ready = next == null ? null : await(next);
                }
            } catch (WakeupException e) {
                if (!closed.get()) {
                    throw e;
                }
            }
            Classified last = ready;
            ready = null; // whatever happens now, the rebalance listener has nothing left to commit on close
            if (last != null) {
                commit(last); // closing: commit the batch in hand rather than leave it to the next owner
            }
        }

        private Future<Classified> classify(ConsumerRecords<byte[], byte[]> records) {
            List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
            records.forEach(list::add);
            Model m = model;
            return classifying.submit(() -> new Classified(records, list, process(list, m)));
        }

        private Classified await(Future<Classified> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("classifying a batch failed", e.getCause());
            }
        }

        /** Writes one batch's results and offsets in one transaction; false if it was aborted. */
        private boolean commit(Classified b) {
            p.beginTransaction();
            try {
                for (int i = 0; i < b.list().size(); i++) {
                    p.send(new ProducerRecord<>(topics.results(), b.list().get(i).key(),
                            Json.write(b.results().get(i))));
                }
                p.sendOffsetsToTransaction(nextOffsets(b.records()), c.groupMetadata());
                p.commitTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw e; // another instance owns this transactional id: stop
            } catch (KafkaException e) {
                // lost the partitions (rebalance) or a transient failure: nothing of this batch is visible; it is
                // processed again from the committed offsets, by whoever owns the partitions now
                LOG.warn("worker {}: transaction aborted, {} records will be processed again: {}", workerId,
                        b.list().size(), e.toString());
                p.abortTransaction();
                aborted.incrementAndGet();
                return false;
            }
            batches.incrementAndGet();
            for (FrameResult r : b.results()) {
                (r.status() == FrameResult.Status.OK ? ok : r.status() == FrameResult.Status.STALE ? stale : errors)
                        .incrementAndGet();
            }
            return true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (ready != null) {
                rewind = !commit(ready);
                LOG.info("worker {}: partitions {} revoked; the {} records classified before were {}", workerId,
                        partitions, ready.list().size(), rewind ? "not committed" : "committed first");
                ready = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // new partitions start from their committed offsets
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (ready != null) {
                LOG.warn("worker {}: partitions {} lost before {} classified records were committed; their next "
                        + "owner classifies them again", workerId, partitions, ready.list().size());
                ready = null;
                rewind = true;
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> r = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(r.get(r.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewindToCommitted(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, o.offset());
            }
        }
    }

    /** One result per record, in record order. */
    private List<FrameResult> process(List<ConsumerRecord<byte[], byte[]>> records, Model m) {
        long now = System.currentTimeMillis();
        FrameResult[] out = new FrameResult[records.size()];
        List<Integer> index = new ArrayList<>();
        List<FrameRecord> frames = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            FrameRecord f;
            try {
                f = FrameCodec.decode(r.value(), where);
            } catch (FrameRecordException e) {
                LOG.warn("worker {}: {}", workerId, e.getMessage());
                out[i] = new FrameResult(null, null, null, -1, -1, FrameResult.Status.ERROR, null, 0, null,
                        e.getMessage(), r.partition(), r.offset(), r.timestamp(), now, workerId);
                continue;
            }
            long age = now - r.timestamp();
            if (!maxAge.isZero() && age > maxAge.toMillis()) {
                out[i] = result(f, r, FrameResult.Status.STALE, null, 0, null,
                        "frame was " + age + " ms old, over the maximum age of " + maxAge.toMillis() + " ms", now);
                continue;
            }
            index.add(i);
            frames.add(f);
        }
        List<Object> labelled = classifyEach(frames, m.classifier());
        long done = System.currentTimeMillis();
        for (int j = 0; j < frames.size(); j++) {
            int i = index.get(j);
            if (labelled.get(j) instanceof Classification c) {
                out[i] = result(frames.get(j), records.get(i), FrameResult.Status.OK, c.displayLabel(), c.confidence(),
                        m.version(), null, done);
            } else {
                out[i] = result(frames.get(j), records.get(i), FrameResult.Status.ERROR, null, 0, m.version(),
                        (String) labelled.get(j), done);
            }
        }
        return List.of(out);
    }

    /**
     * Classifies the frames in one batched call; an image that fails to decode is answered with its own error
     * (the batch reports it per item), so one bad JPEG never sinks the batch.
     *
     * @return per frame, a {@link Classification} or an error message
     */
    private List<Object> classifyEach(List<FrameRecord> frames, Classifier classifier) {
        List<ImageInput> inputs = frames.stream().map(f -> f.image().centreCrop(centreCrop)).toList();
        List<Object> out = new ArrayList<>(frames.size());
        try {
            for (BatchResult.Outcome<Classification> o : classifier.classify(inputs).outcomes()) {
                if (o instanceof BatchResult.Success<Classification> s) {
                    out.add(s.value());
                } else if (o instanceof BatchResult.Failure<Classification> f) {
                    LOG.warn("worker {}: {}", workerId, f.error().getMessage());
                    out.add(f.error().getMessage());
                }
            }
        } catch (Mask4jException | IllegalStateException e) {
            LOG.warn("worker {}: classifying a batch of {} failed: {}", workerId, frames.size(), e.toString());
            out.clear();
            frames.forEach(f -> out.add("classification failed: " + e.getMessage()));
        }
        return out;
    }

    private FrameResult result(FrameRecord f, ConsumerRecord<byte[], byte[]> r, FrameResult.Status status,
            String label, double confidence, String version, String error, long at) {
        return new FrameResult(f.origin().room(), f.origin().participant(), f.origin().track(), f.sequence(),
                f.timestampMillis(), status, label, confidence, version, error, r.partition(), r.offset(),
                r.timestamp(), at, workerId);
    }

    private Map<String, Object> consumerConfig() {
        return settings.clientConfig(
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.CLIENT_ID_CONFIG, "mask4j-worker-" + workerId));
    }

    private Map<String, Object> producerConfig() {
        // commitTransaction() flushes, so lingering costs no latency; it sends a batch's results as one produce
        // request per partition instead of one request per result that finds the sender idle
        return settings.clientConfig(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 1000,
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis()),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mask4j-worker-" + workerId,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.CLIENT_ID_CONFIG, "mask4j-worker-" + workerId));
    }

    /** Stops the loop after the batch in hand and waits (up to 30 s) until the clients are closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (started.get()) {
            try {
                if (!stopped.await(30, TimeUnit.SECONDS)) {
                    LOG.warn("worker {} did not stop within 30 s", workerId);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Follows the compacted models topic and swaps the classifier when a new version is announced. */
    private final class ModelWatcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> models;
        private final List<TopicPartition> partitions = new ArrayList<>();

        ModelWatcher() {
            models = new KafkaConsumer<>(settings.clientConfig(Map.of(),
                    Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                            ConsumerConfig.CLIENT_ID_CONFIG, "mask4j-models-" + workerId)),
                    new StringDeserializer(), new ByteArrayDeserializer());
            models.partitionsFor(topics.models())
                    .forEach(pi -> partitions.add(new TopicPartition(pi.topic(), pi.partition())));
            models.assign(partitions);
            models.seekToBeginning(partitions);
        }

        /** Reads the topic up to its end, so a worker started after a rollout uses the current version. */
        void catchUp(Duration timeout) {
            Map<TopicPartition, Long> end = models.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> models.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("worker {}: models topic {} not read to its end in {}; starting with {}", workerId,
                            topics.models(), timeout, model.version());
                    return;
                }
                apply(models.poll(Duration.ofMillis(200)));
            }
        }

        void poll() {
            apply(models.poll(Duration.ZERO));
        }

        private void apply(ConsumerRecords<String, byte[]> records) {
            ModelAnnouncement latest = null;
            for (ConsumerRecord<String, byte[]> r : records) {
                if (ModelRollout.KEY.equals(r.key()) && r.value() != null) {
                    try {
                        latest = Json.read(r.value(), ModelAnnouncement.class, topics.models() + "@" + r.offset());
                    } catch (FrameRecordException e) {
                        LOG.warn("worker {}: ignoring model announcement: {}", workerId, e.getMessage());
                    }
                }
            }
            if (latest == null || latest.version().equals(model.version())) {
                return;
            }
            try {
                Classifier c = Classifier.load(Path.of(latest.path()), extractor);
                model = new Model(c, latest.version());
                LOG.info("worker {} now classifies with model {} from {}", workerId, latest.version(),
                        latest.path());
            } catch (Mask4jException e) {
                LOG.error("worker {}: cannot load announced model {} ({}); still using {}", workerId,
                        latest.version(), e.getMessage(), model.version());
            }
        }

        @Override
        public void close() {
            models.close();
        }
    }

    /** Options for {@link ClassificationWorker}. Not thread-safe; build once. */
    public static final class Builder {
        private final ClientSettings settings;
        private final FeatureExtractor extractor;
        private KafkaTopics topics = KafkaTopics.defaults();
        private Classifier classifier;
        private String version = "initial";
        private String groupId = "mask4j-workers";
        private String workerId = UUID.randomUUID().toString().substring(0, 8);
        private Duration maxAge = Duration.ofSeconds(30);
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double centreCrop = 1.0;
        private Duration transactionTimeout = Duration.ofSeconds(15);

        private Builder(ClientSettings settings, FeatureExtractor extractor) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.extractor = Objects.requireNonNull(extractor, "extractor");
        }

        /** Topic names (default mask4j.*). */
        public Builder topics(KafkaTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /**
         * The classifier to start with (on this builder's extractor) and the version its results carry; a newer
         * announcement on the models topic replaces it.
         */
        public Builder classifier(Classifier classifier, String version) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Consumer group of the workers (default mask4j-workers). */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** This worker's id, unique in the group (default random); results carry it. */
        public Builder workerId(String workerId) {
            this.workerId = Objects.requireNonNull(workerId, "workerId");
            return this;
        }

        /**
         * Frames published longer ago than this are counted and skipped with a STALE result instead of being
         * classified late (default 30 s; {@link Duration#ZERO} classifies every frame however old).
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Records per poll, classified in one call (default {@link ClassificationWorker#DEFAULT_BATCH_SIZE}). */
        public Builder batchSize(int records) {
            if (records < 1 || records > 10_000) {
                throw new IllegalArgumentException("batchSize must be in [1, 10000], got " + records);
            }
            this.batchSize = records;
            return this;
        }

        /** Classify the centre {@code fraction} of each frame's shorter side (default 1: whole frame). */
        public Builder centreCrop(double fraction) {
            this.centreCrop = ImageInput.centreCropFraction(fraction);
            return this;
        }

        /**
         * How long a crashed worker's open transaction can hold back the results partitions it wrote to before
         * the broker aborts it (default 15 s; Kafka's own default is 60 s).
         */
        public Builder transactionTimeout(Duration timeout) {
            if (timeout.toMillis() < 1000) {
                throw new IllegalArgumentException("transactionTimeout must be at least 1 s, got " + timeout);
            }
            this.transactionTimeout = timeout;
            return this;
        }

        public ClassificationWorker build() {
            return new ClassificationWorker(this);
        }
    }
}
