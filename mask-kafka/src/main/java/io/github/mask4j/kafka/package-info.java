/**
 * Room monitoring on Apache Kafka: how to reach a cluster ({@link io.github.mask4j.kafka.ClientSettings}) and the
 * names of mask4j's topics ({@link io.github.mask4j.kafka.KafkaTopics}). Frames go in on the frames topic, stateless
 * workers write one result per frame, Kafka Streams smooths results into state-change events, and classifier
 * versions are announced on a compacted topic.
 */
package io.github.mask4j.kafka;
