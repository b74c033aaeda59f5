/**
 * Classification workers: a consumer group that classifies polled frames in batches and writes results with its
 * offsets in one transaction (read-process-write), and the rollout of new classifier versions to running workers.
 */
package io.github.mask4j.kafka.worker;
