package io.github.mask4j.twilio.relay;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.twilio.http.ThrottledLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's open tracks and their fair limits: a track opens on its first frame if the global, per-room and
 * per-connection limits allow, keeps only its latest frame, ends when its connection closes or after
 * {@link RelayLimits#trackIdleTimeout()} without frames. Frames go either to an application's track consumer (which
 * polls each {@link LatestFrameSource} itself) or straight to a frame processor (the monitor's
 * {@link io.github.mask4j.twilio.monitor.RoomMonitor#offer}, which keeps the latest frame per track and classifies
 * them in batches on its own bounded workers; it returns at once). Edge labels (the page classified its frames
 * itself) go to the {@link EdgeLabels} handler on the calling thread (smoothing only, no image work); a frame sent
 * with its edge label is verified on a bounded pool of {@link RelayLimits#workers()} threads, at most one per track
 * at a time (a check arriving while the previous one runs is skipped and counted).
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class TrackRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackRegistry.class);
    /** Warnings a remote party can cause at will, throttled. */
    private static final ThrottledLog SKIPPED = ThrottledLog.of(LOG);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Where edge labels go (the monitor): smoothing, and the server's spot checks of labelled frames. */
    interface EdgeLabels {
        /** A label computed by the page; may throw IllegalArgumentException for a label the server cannot take. */
        void label(FrameOrigin origin, long timestampMillis, String label, double confidence);

        /** Classifies a frame the page labelled and counts agreement (on a worker). */
        void verify(Frame frame, String edgeLabel);
    }

    private final class Track {
        final LatestFrameSource source;
        final RelayConnection owner;
        final AtomicBoolean verifying = new AtomicBoolean();
        volatile long lastFrameNanos = System.nanoTime();

        Track(LatestFrameSource source, RelayConnection owner) {
            this.source = source;
            this.owner = owner;
        }
    }

    private final RelayLimits limits;
    private final Consumer<LatestFrameSource> onTrack;
    private final Consumer<Frame> processor;
    private final Consumer<FrameOrigin> onEnd;
    private final EdgeLabels edge;
    private final Map<FrameOrigin, Track> tracks = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService sweeper;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong checksSkipped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param onTrack gets each new track to poll itself, or null to send frames to {@code processor}
     * @param processor takes each frame without blocking (used when {@code onTrack} is null)
     * @param onEnd told when a track ends (connection closed, idle, relay closed), or null
     * @param edge takes edge labels, or null to refuse them
     */
    TrackRegistry(RelayLimits limits, Consumer<LatestFrameSource> onTrack, Consumer<Frame> processor,
            Consumer<FrameOrigin> onEnd, EdgeLabels edge) {
        this.limits = limits;
        this.edge = edge;
        this.onTrack = onTrack;
        this.processor = processor;
        this.onEnd = onEnd;
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(limits.maxTracks() + 1), r -> daemon(r, "mask4j-relay-" + pool + "-"
                        + n.incrementAndGet()));
        workers.allowCoreThreadTimeOut(true);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mask4j-relay-idle-" + pool));
        long period = Math.max(50, Math.min(1000, limits.trackIdleTimeout().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::evictIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Takes a parsed frame or edge label from {@code owner}: opens its track if the limits allow.
     *
     * @throws RelayFrame.Refused if a limit refuses a new track, or the label is refused
     */
    void offer(RelayConnection owner, RelayFrame f) throws RelayFrame.Refused {
        if (closed.get()) {
            throw new RelayFrame.Refused("the relay is closing");
        }
        if (f.label() != null && edge == null) {
            throw new RelayFrame.Refused("this relay classifies frames elsewhere: send frames without labels");
        }
        FrameOrigin origin = f.origin();
        Track t = tracks.get(origin);
        if (t != null && t.owner != owner) {
            throw new RelayFrame.Refused("track " + origin.participant() + "/" + origin.track()
                    + " is sent by another connection");
        }
        if (t == null) {
            synchronized (tracks) {
                t = tracks.get(origin);
                if (t == null) {
                    checkLimits(owner, origin.room());
                    t = new Track(new LatestFrameSource(origin), owner);
                    tracks.put(origin, t);
                    if (onTrack != null) {
                        onTrack.accept(t.source);
                    }
                } else if (t.owner != owner) {
                    throw new RelayFrame.Refused("track " + origin.participant() + "/" + origin.track()
                            + " is sent by another connection");
                }
            }
        }
        t.lastFrameNanos = System.nanoTime();
        if (f.label() != null) {
            edgeLabel(t, f);
            return;
        }
        received.incrementAndGet();
        Frame frame = new Frame(origin, f.timestampMillis(),
                ImageInput.of(f.jpeg(), origin + "@" + f.timestampMillis()));
        if (onTrack != null) {
            t.source.offer(frame);
            return;
        }
        try {
            processor.accept(frame);
        } catch (RuntimeException e) {
            SKIPPED.warn("relayed frame from {} skipped: {}", origin, e.toString());
        }
    }

    private void edgeLabel(Track t, RelayFrame f) throws RelayFrame.Refused {
        FrameOrigin origin = f.origin();
        try {
            edge.label(origin, f.timestampMillis(), f.label(), f.confidence());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RelayFrame.Refused(e.getMessage());
        }
        labels.incrementAndGet();
        if (f.jpeg() == null) {
            return;
        }
        received.incrementAndGet();
        if (!t.verifying.compareAndSet(false, true)) {
            checksSkipped.incrementAndGet();
            return;
        }
        Frame frame = new Frame(origin, f.timestampMillis(), ImageInput.of(f.jpeg(), origin + "@"
                + f.timestampMillis()));
        try {
            workers.execute(() -> {
                try {
                    edge.verify(frame, f.label());
                } catch (RuntimeException e) {
                    LOG.warn("check of an edge-labelled frame from {} skipped: {}", origin, e.toString());
                } finally {
                    t.verifying.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            t.verifying.set(false);
            checksSkipped.incrementAndGet();
        }
    }

    long labels() {
        return labels.get();
    }

    long checksSkipped() {
        return checksSkipped.get();
    }

    private void checkLimits(RelayConnection owner, String room) throws RelayFrame.Refused {
        int total = tracks.size();
        int inRoom = 0;
        int onConnection = 0;
        for (Track t : tracks.values()) {
            if (t.source.origin().room().equals(room)) {
                inRoom++;
            }
            if (t.owner == owner) {
                onConnection++;
            }
        }
        if (onConnection >= limits.maxTracksPerConnection()) {
            throw new RelayFrame.Refused("too many tracks on this connection (limit "
                    + limits.maxTracksPerConnection() + ")");
        }
        if (inRoom >= limits.maxTracksPerRoom()) {
            throw new RelayFrame.Refused("too many tracks in room " + room + " (limit " + limits.maxTracksPerRoom()
                    + ")");
        }
        if (total >= limits.maxTracks()) {
            throw new RelayFrame.Refused("too many tracks (limit " + limits.maxTracks() + ")");
        }
    }

    void countRefused() {
        refused.incrementAndGet();
    }

    long refused() {
        return refused.get();
    }

    long received() {
        return received.get();
    }

    long evicted() {
        return evicted.get();
    }

    Optional<LatestFrameSource> track(FrameOrigin origin) {
        Track t = tracks.get(origin);
        return t == null ? Optional.empty() : Optional.of(t.source);
    }

    /** The connection sending a track, if open. */
    Optional<RelayConnection> owner(FrameOrigin origin) {
        Track t = tracks.get(origin);
        return t == null ? Optional.empty() : Optional.of(t.owner);
    }

    /** Ends every track of a closed connection. */
    void closeAll(RelayConnection owner) {
        List<Track> ended = new ArrayList<>();
        synchronized (tracks) {
            tracks.values().removeIf(t -> t.owner == owner && ended.add(t));
        }
        ended.forEach(this::end);
    }

    private void evictIdle() {
        long now = System.nanoTime();
        long idle = limits.trackIdleTimeout().toNanos();
        List<Track> ended = new ArrayList<>();
        synchronized (tracks) {
            tracks.values().removeIf(t -> now - t.lastFrameNanos > idle && ended.add(t));
        }
        for (Track t : ended) {
            evicted.incrementAndGet();
            FrameOrigin o = t.source.origin();
            LOG.info("relay track {} ended after {} without frames", o, limits.trackIdleTimeout());
            t.owner.send(RelayConnection.message("ended").put("room", o.room()).put("participant", o.participant())
                    .put("track", o.track()).put("reason", "idle"));
            end(t);
        }
    }

    private void end(Track t) {
        t.source.close();
        if (onEnd != null) {
            try {
                onEnd.accept(t.source.origin());
            } catch (RuntimeException e) {
                LOG.warn("track end listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sweeper.shutdownNow();
        workers.shutdownNow();
        List<Track> ended;
        synchronized (tracks) {
            ended = new ArrayList<>(tracks.values());
            tracks.clear();
        }
        ended.forEach(this::end);
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
