package io.github.mask4j.twilio.monitor;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the latest frame of each ready track into batches for a fixed number of worker threads. Each track holds
 * at most one waiting frame (a newer one replaces it and the old one counts as dropped), is queued at most once
 * (first come, first served, so a flooding track cannot starve the others) and is in at most one batch at a time
 * (its frames are handled in order). A worker takes what is queued, up to {@code maxBatch}; while other tracks are
 * active (a frame waiting or in another batch) it waits up to {@code maxWait} for them to fill the batch, else it
 * runs at once, so a lone track pays no wait. The threads start with the first frame, so a monitor used only
 * through {@code submit} runs none.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and waits for the running batches.
 */
final class FrameBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameBatcher.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** What a batch is for; returns how many of its frames failed. Called on a worker, never concurrently per track. */
    interface Work {
        int run(List<Frame> batch);
    }

    private static final class Slot {
        final FrameOrigin origin;
        Frame pending;
        Runnable pendingDone;
        boolean queued;
        boolean running;

        Slot(FrameOrigin origin) {
            this.origin = origin;
        }
    }

    private final Work work;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final int workers;
    private final ExecutorService pool;
    private final String threadPrefix;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Map<FrameOrigin, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private boolean started;
    private boolean collecting;
    private boolean closed;
    private long offered;
    private long dropped;
    private long processed;
    private long failed;
    private final long[] sizes;

    FrameBatcher(Work work, int workers, int maxBatch, long maxWaitNanos) {
        this.work = work;
        this.workers = workers;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
        this.sizes = new long[maxBatch];
        this.threadPrefix = "mask4j-monitor-" + POOLS.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The name prefix of this batcher's threads. */
    String threadPrefix() {
        return threadPrefix;
    }

    /**
     * Makes {@code frame} its track's waiting frame, replacing (dropping) one not yet taken; {@code done} (may be
     * null) runs once the frame was handled or dropped.
     *
     * @return false if the batcher is closed (the frame is ignored, {@code done} not run)
     */
    boolean offer(Frame frame, Runnable done) {
        Runnable replaced;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (!started) {
                started = true;
                for (int i = 0; i < workers; i++) {
                    pool.execute(this::loop);
                }
            }
            offered++;
            Slot s = slots.computeIfAbsent(frame.origin(), Slot::new);
            replaced = s.pendingDone;
            if (s.pending != null) {
                dropped++;
            }
            s.pending = frame;
            s.pendingDone = done;
            if (!s.running && !s.queued) {
                s.queued = true;
                queue.addLast(s);
                ready.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.run();
        }
        return true;
    }

    /** Forgets a track's waiting frame, if any (it counts as dropped). */
    void discard(FrameOrigin origin) {
        Runnable done = null;
        lock.lock();
        try {
            Slot s = slots.get(origin);
            if (s != null && s.pending != null) {
                dropped++;
                done = s.pendingDone;
                s.pending = null;
                s.pendingDone = null;
                queue.remove(s);
                s.queued = false;
                if (!s.running) {
                    slots.remove(origin);
                }
            }
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.run();
        }
    }

    private void loop() {
        List<Slot> batch = new ArrayList<>(maxBatch);
        List<Frame> frames = new ArrayList<>(maxBatch);
        List<Runnable> done = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            frames.clear();
            done.clear();
            lock.lock();
            try {
                while (!closed && (queue.isEmpty() || collecting)) {
                    ready.await();
                }
                if (closed) {
                    return;
                }
                collecting = true;
                try {
                    long deadline = System.nanoTime() + maxWaitNanos;
                    while (batch.size() < maxBatch && !closed) {
                        Slot s = queue.pollFirst();
                        if (s != null) {
                            s.queued = false;
                            s.running = true;
                            batch.add(s);
                            frames.add(s.pending);
                            done.add(s.pendingDone);
                            s.pending = null;
                            s.pendingDone = null;
                            continue;
                        }
                        // only tracks that are active now (waiting or in another batch) can fill the batch soon
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || slots.size() <= batch.size()) {
                            break;
                        }
                        ready.awaitNanos(left);
                    }
                } finally {
                    collecting = false;
                    if (!queue.isEmpty()) {
                        ready.signalAll();
                    }
                }
            } catch (InterruptedException e) {
                // close() interrupts idle workers; frames already taken are still handled below
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
            if (!batch.isEmpty()) {
                runBatch(batch, frames, done);
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void runBatch(List<Slot> batch, List<Frame> frames, List<Runnable> done) {
        int failures;
        try {
            failures = work.run(List.copyOf(frames));
        } catch (RuntimeException | Error e) {
            LOG.warn("a batch of {} frames failed: {}", frames.size(), e.toString());
            failures = frames.size();
        }
        lock.lock();
        try {
            processed += frames.size();
            failed += failures;
            sizes[frames.size() - 1]++;
            for (Slot s : batch) {
                s.running = false;
                if (s.pending != null) {
                    if (!s.queued && !closed) {
                        s.queued = true;
                        queue.addLast(s);
                    }
                } else if (slots.get(s.origin) == s) {
                    // an idle track holds nothing: the map stays as large as the active tracks
                    slots.remove(s.origin);
                }
            }
            if (!queue.isEmpty()) {
                ready.signalAll();
            }
        } finally {
            lock.unlock();
        }
        for (Runnable r : done) {
            if (r != null) {
                runQuietly(r);
            }
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("frame completion callback failed: {}", e.toString());
        }
    }

    MonitorStats stats() {
        lock.lock();
        try {
            List<Long> hist = new ArrayList<>(maxBatch);
            for (long v : sizes) {
                hist.add(v);
            }
            int pending = 0;
            for (Slot s : slots.values()) {
                pending += s.pending != null ? 1 : 0;
            }
            return new MonitorStats(offered, dropped, processed, failed, Arrays.stream(sizes).sum(), hist, pending,
                    workers, maxBatch);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking frames, drops the waiting ones, waits (up to 10 s) for running batches; idempotent. */
    @Override
    public void close() {
        List<Runnable> done = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Slot s : slots.values()) {
                if (s.pending != null) {
                    dropped++;
                    if (s.pendingDone != null) {
                        done.add(s.pendingDone);
                    }
                    s.pending = null;
                    s.pendingDone = null;
                }
            }
            queue.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        done.forEach(FrameBatcher::runQuietly);
        pool.shutdown();
        if (Thread.currentThread().getName().startsWith(threadPrefix)) {
            return; // closed from a listener on a worker: that worker ends after its batch
        }
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("monitor workers still busy 10 s after close; interrupting them");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
