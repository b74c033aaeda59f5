package io.github.mask4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator's book of frames in flight: when each frame (a track and the timestamp its header carried)
 * was sent, and, when the relay answers for that track and timestamp, the latency from sent to answered. Only
 * frames sent inside the measured window count; a measured frame never answered is dropped (the relay keeps only
 * each track's latest frame, so a frame replaced before a worker took it gets no answer). Sent and answer times
 * are {@link System#nanoTime()} of this process, so no clocks are compared across processes.
 *
 * <p>Thread-safe: frames are sent from the load generator's clock threads and answered on the WebSocket threads.
 */
final class FrameLedger {
    private record Sent(long nanos, boolean measured) {}

    /** A measured frame's answer: when it was sent and how long the answer took. */
    private record Answer(long sentNanos, long latencyNanos) {}

    private final Map<String, NavigableMap<Long, Sent>> inFlight = new ConcurrentHashMap<>();
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicLong measuredSent = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger openMax = new AtomicInteger();
    private final AtomicLong superseded = new AtomicLong();

    /**
     * Records a frame as sent at {@code nanos}; {@code measured} frames count in the summary.
     *
     * @throws IllegalArgumentException if this track already has a frame with this timestamp in flight
     */
    void sent(String track, long timestamp, long nanos, boolean measured) {
        if (inFlight.computeIfAbsent(track, t -> new ConcurrentSkipListMap<>())
                .putIfAbsent(timestamp, new Sent(nanos, measured)) != null) {
            throw new IllegalArgumentException("track " + track + " already sent a frame with timestamp " + timestamp
                    + "; timestamps must be unique per track");
        }
        if (measured) {
            measuredSent.incrementAndGet();
        }
        openMax.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    /**
     * Records the relay's first answer for a frame. The relay answers a track's frames in order and never a frame
     * older than one it answered, so the track's older frames still in flight are dropped for good: they leave
     * the book then (counted as superseded).
     *
     * @return true if it was the first answer for a measured frame (later answers for the same frame, and answers
     *     for frames sent during warm-up, return false)
     */
    boolean answered(String track, long timestamp, long nanos) {
        NavigableMap<Long, Sent> frames = inFlight.get(track);
        Sent s = frames == null ? null : frames.remove(timestamp);
        if (s == null) {
            return false;
        }
        open.decrementAndGet();
        for (Iterator<Map.Entry<Long, Sent>> older = frames.headMap(timestamp).entrySet().iterator();
                older.hasNext(); ) {
            older.next();
            older.remove();
            open.decrementAndGet();
            superseded.incrementAndGet();
        }
        if (!s.measured) {
            return false;
        }
        synchronized (answers) {
            answers.add(new Answer(s.nanos, nanos - s.nanos));
        }
        return true;
    }

    /** Frames (measured or not) that went unanswered because a newer frame of their track was answered. */
    long superseded() {
        return superseded.get();
    }

    /** Frames sent, not answered yet and not superseded (measured or not). */
    int inFlight() {
        return open.get();
    }

    /** The most frames in flight at once so far. */
    int inFlightMax() {
        return openMax.get();
    }

    /** What the measured frames came to. */
    Summary summary() {
        Answer[] a;
        synchronized (answers) {
            a = answers.toArray(new Answer[0]);
        }
        long sent = measuredSent.get();
        long[] sorted = Arrays.stream(a).mapToLong(Answer::latencyNanos).sorted().toArray();
        // latency trend: median of the last third of frames (by send time) against the first third's
        Answer[] bySent = a.clone();
        Arrays.sort(bySent, (x, y) -> Long.compare(x.sentNanos, y.sentNanos));
        int third = bySent.length / 3;
        double trend = Double.NaN;
        if (third > 0) {
            long[] first = Arrays.stream(bySent, 0, third).mapToLong(Answer::latencyNanos).sorted().toArray();
            long[] last = Arrays.stream(bySent, bySent.length - third, bySent.length).mapToLong(Answer::latencyNanos)
                    .sorted().toArray();
            trend = percentile(last, 50) / percentile(first, 50);
        }
        return new Summary(sent, a.length, sent - a.length, percentile(sorted, 50), percentile(sorted, 99),
                percentile(sorted, 100), trend, inFlightMax());
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; NaN when empty. */
    static double percentile(long[] sortedNanos, double p) {
        return Quantiles.of(sortedNanos, p / 100) / 1e6;
    }

    /**
     * The measured frames.
     *
     * @param sent frames sent in the measured window
     * @param answered of those, frames the relay answered
     * @param dropped of those, frames never answered
     * @param latencyTrend median latency of the last third of answered frames over the first third's: near 1 when
     *     nothing queues up, growing with the window when a queue grows without bound
     * @param inFlightMax most frames sent and neither answered nor superseded at once (warm-up included): one or
     *     two per track while the relay keeps up, about (1 + latency / frame period) per track when it drops
     *     frames, and growing with the window only if something queues without bound
     */
    record Summary(long sent, long answered, long dropped, double p50Ms, double p99Ms, double maxMs,
            double latencyTrend, int inFlightMax) {}
}
