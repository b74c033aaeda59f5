package io.github.mask4j.kafka.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (broker and KRaft controller in one, Kafka's own test kit) on localhost, with its
 * replication settings sized for one node and short transaction clean-up intervals, so a killed worker's open
 * transaction is aborted within seconds. For tests and the scaling harness.
 *
 * <p>Not thread-safe to start and close; clients may use it from any thread.
 */
public final class TestBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private TestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static TestBroker start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "3")
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("group.min.session.timeout.ms", "2000")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return new TestBroker(cluster);
    }

    /** Starts a broker, prints its bootstrap address and runs until the process is stopped (for trying the CLI). */
    public static void main(String[] args) throws Exception {
        TestBroker broker = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("bootstrap " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** host:port of the broker listener. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
