package io.github.mask4j.twilio.monitor;

import java.util.List;

/**
 * Counters of a {@link RoomMonitor}'s cross-track batcher since it was built, read with
 * {@link RoomMonitor#stats()}: what came in, what was dropped for a newer frame of the same track, how the
 * frames were grouped into batches.
 *
 * <p>Immutable and thread-safe; a snapshot, so the counters may be a few frames apart from each other.
 *
 * @param offered frames handed to the batcher ({@link RoomMonitor#offer}, attached sources)
 * @param dropped frames replaced by a newer frame of the same track before a worker took them
 * @param processed frames taken into a batch and handled (classified, or reported as not classified)
 * @param failed frames of those that could not be read or classified (logged and skipped)
 * @param batches batches run
 * @param batchSizes how many batches had each size: element {@code i} counts batches of {@code i + 1} frames
 * @param pending frames waiting for a worker now (at most one per track)
 * @param workers the batcher's threads
 * @param maxBatch the largest batch
 */
public record MonitorStats(long offered, long dropped, long processed, long failed, long batches,
        List<Long> batchSizes, int pending, int workers, int maxBatch) {
    public MonitorStats {
        batchSizes = List.copyOf(batchSizes);
    }

    /** Frames per batch on average (0 before the first batch). */
    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) processed / batches;
    }

    /** The size of the largest batch run so far (0 before the first). */
    public int largestBatch() {
        for (int i = batchSizes.size() - 1; i >= 0; i--) {
            if (batchSizes.get(i) > 0) {
                return i + 1;
            }
        }
        return 0;
    }
}
