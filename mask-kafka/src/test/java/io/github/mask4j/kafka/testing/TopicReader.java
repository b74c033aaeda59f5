package io.github.mask4j.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning with {@code isolation.level=read_committed} (what a downstream
 * consumer sees: committed transactions only) and keeps every record. Not thread-safe.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    public TopicReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls once for up to {@code wait} and returns everything read so far. */
    public List<ConsumerRecord<byte[], byte[]>> poll(Duration wait) {
        consumer.poll(wait).forEach(records::add);
        return records;
    }

    /** Polls until {@code done} holds for the records read so far, or the timeout passes; returns them. */
    public List<ConsumerRecord<byte[], byte[]>> until(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
