/**
 * Smoothing on Kafka Streams: results grouped by room, participant and track, each track smoothed as
 * {@code RoomMonitor} smooths it, and state changes written to the events topic with exactly-once processing.
 */
package io.github.mask4j.kafka.events;
