package io.github.mask4j.twilio.relay;

import java.time.Duration;

/**
 * The relay's fairness and size limits.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param maxFrameBytes largest JPEG in one frame (larger frames are refused, the connection kept); a WebSocket
 *     message beyond four times this (plus the header) closes the connection with 1009 as its bytes arrive
 * @param maxTracks tracks open at once over all connections
 * @param maxTracksPerRoom tracks open at once in one room
 * @param maxTracksPerConnection tracks open at once on one connection
 * @param trackIdleTimeout a track without a frame for this long is ended (its slot freed)
 * @param workers threads checking edge-labelled frames (shared by all tracks; frames to classify go to the
 *     monitor's own batcher, {@code RoomMonitor.Builder.workers})
 * @param maxQueuedReplies replies queued to one connection at most; a client that does not read them is
 *     disconnected
 */
public record RelayLimits(int maxFrameBytes, int maxTracks, int maxTracksPerRoom, int maxTracksPerConnection,
        Duration trackIdleTimeout, int workers, int maxQueuedReplies) {
    /** Room, participant and track names and the timestamp: never near this. */
    static final int MAX_HEADER_BYTES = 4096;

    public RelayLimits {
        check("maxFrameBytes", maxFrameBytes, 1024, 16 * 1024 * 1024);
        check("maxTracks", maxTracks, 1, 10_000);
        check("maxTracksPerRoom", maxTracksPerRoom, 1, maxTracks);
        check("maxTracksPerConnection", maxTracksPerConnection, 1, maxTracksPerRoom);
        check("workers", workers, 1, 256);
        check("maxQueuedReplies", maxQueuedReplies, 8, 100_000);
        if (trackIdleTimeout.compareTo(Duration.ofMillis(100)) < 0 || trackIdleTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("trackIdleTimeout must be in [100 ms, 1 h], got " + trackIdleTimeout);
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /** Largest WebSocket message accepted: four frames' worth, so one oversize frame is refused, not fatal. */
    long maxMessageBytes() {
        return (long) maxFrameBytes * 4 + MAX_HEADER_BYTES;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RelayLimits defaults() {
        return builder().build();
    }

    /** Options for {@link RelayLimits}. Not thread-safe; build once. */
    public static final class Builder {
        private int maxFrameBytes = 256 * 1024;
        private int maxTracks = 64;
        private int maxTracksPerRoom = 32;
        private int maxTracksPerConnection = 16;
        private Duration trackIdleTimeout = Duration.ofSeconds(30);
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int maxQueuedReplies = 256;

        private Builder() {}

        /** Largest JPEG accepted (default 256 KiB; 1 KiB to 16 MiB). */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Tracks open at once in total (default 64), per room (default 32) and per connection (default 16). */
        public Builder maxTracks(int total, int perRoom, int perConnection) {
            this.maxTracks = total;
            this.maxTracksPerRoom = perRoom;
            this.maxTracksPerConnection = perConnection;
            return this;
        }

        /** Silence after which a track is ended (default 30 s). */
        public Builder trackIdleTimeout(Duration timeout) {
            this.trackIdleTimeout = timeout;
            return this;
        }

        /**
         * Threads checking edge-labelled frames, shared by all tracks (default: the number of cores, at least 2).
         * The monitor classifies frames on its own workers ({@code RoomMonitor.Builder.workers}).
         */
        public Builder workers(int threads) {
            this.workers = threads;
            return this;
        }

        /** Replies queued to one connection before it is disconnected as not reading (default 256). */
        public Builder maxQueuedReplies(int replies) {
            this.maxQueuedReplies = replies;
            return this;
        }

        public RelayLimits build() {
            return new RelayLimits(maxFrameBytes, maxTracks, maxTracksPerRoom, maxTracksPerConnection,
                    trackIdleTimeout, workers, maxQueuedReplies);
        }
    }
}
