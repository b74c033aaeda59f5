package io.github.mask4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of named processes (total and by thread group: main, JIT, GC, Kafka clients, ...) and of the whole
 * machine, sampled on a clock, so the CPU each one used over any window of wall-clock time can be read off
 * afterwards. On a machine shared with other work, this says how much of the cores the measured processes had
 * and who else used them. Thread groups and the machine total come from Linux's /proc (clock ticks of 10 ms);
 * elsewhere only process totals ({@link ProcessHandle.Info#totalCpuDuration()}) are known.
 *
 * <p>{@link #sample()} and {@link #between} may be called from different threads; the sample list is guarded
 * by this object's lock, so the class is thread-safe.
 */
final class CpuSampler implements AutoCloseable {
    /** Linux reports /proc CPU times in USER_HZ ticks, which are 1/100 s on every architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    static final String TOTAL = "total";

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private Thread clock;
    private volatile boolean running;

    /** CPU nanoseconds per process and thread group, and the machine's busy nanoseconds (-1: unknown). */
    private record Sample(long atMillis, Map<String, Map<String, Long>> cpu, long machineBusy) {}

    /** Tracks {@code pid} under {@code name} from the next sample on. */
    synchronized CpuSampler track(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    /** Samples every {@code periodMillis} on a daemon thread until {@link #close()}. */
    synchronized CpuSampler start(long periodMillis) {
        running = true;
        clock = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        clock.setDaemon(true);
        clock.start();
        return this;
    }

    /** Takes one sample now. */
    void sample() {
        Map<String, Long> tracked;
        synchronized (this) {
            tracked = new LinkedHashMap<>(pids);
        }
        Map<String, Map<String, Long>> cpu = new LinkedHashMap<>();
        tracked.forEach((name, pid) -> cpu.put(name, process(pid)));
        Sample s = new Sample(System.currentTimeMillis(), cpu, machineBusy());
        synchronized (this) {
            samples.add(s);
        }
    }

    /**
     * CPU seconds of each tracked process and thread group between two wall-clock times (linear between the
     * samples around them), plus {@code "machine"} (all processes on all cores) when known.
     */
    synchronized Map<String, Map<String, Double>> between(long fromMillis, long toMillis) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String name : pids.keySet()) {
            Map<String, Double> groups = new LinkedHashMap<>();
            for (String g : groupsOf(name)) {
                groups.put(g, (at(toMillis, name, g) - at(fromMillis, name, g)) / 1e9);
            }
            out.put(name, groups);
        }
        double machine = at(toMillis, null, null) - at(fromMillis, null, null);
        if (!samples.isEmpty() && samples.get(0).machineBusy() >= 0) {
            out.put("machine", Map.of(TOTAL, machine / 1e9));
        }
        return out;
    }

    private List<String> groupsOf(String name) {
        List<String> groups = new ArrayList<>(List.of(TOTAL));
        for (Sample s : samples) {
            for (String g : s.cpu().getOrDefault(name, Map.of()).keySet()) {
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        return groups;
    }

    /** The counter at {@code t}, interpolated; {@code name == null} is the machine. */
    private double at(long t, String name, String group) {
        Sample before = null;
        Sample after = null;
        for (Sample s : samples) {
            if (s.atMillis() <= t) {
                before = s;
            } else if (after == null) {
                after = s;
            }
        }
        if (before == null) {
            before = after;
        }
        if (after == null) {
            after = before;
        }
        if (before == null) {
            return 0;
        }
        double a = value(before, name, group);
        double b = value(after, name, group);
        long span = after.atMillis() - before.atMillis();
        return span <= 0 ? a : a + (b - a) * (t - before.atMillis()) / span;
    }

    private static double value(Sample s, String name, String group) {
        if (name == null) {
            return s.machineBusy();
        }
        return s.cpu().getOrDefault(name, Map.of()).getOrDefault(group, 0L);
    }

    /** A process's CPU nanoseconds: its total (exited threads included) and its live threads by group. */
    private static Map<String, Long> process(long pid) {
        Map<String, Long> groups = new LinkedHashMap<>();
        Path proc = Path.of("/proc", String.valueOf(pid));
        long total = ticks(proc.resolve("stat"));
        if (total < 0) {
            total = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos())
                    .orElse(0L);
            groups.put(TOTAL, total);
            return groups;
        }
        groups.put(TOTAL, total * NANOS_PER_TICK);
        Map<String, Long> byGroup = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path t : tasks.toList()) {
                String stat = read(t.resolve("stat"));
                if (stat == null) {
                    continue; // the thread ended
                }
                byGroup.merge(group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))),
                        ticks(stat) * NANOS_PER_TICK, Long::sum);
            }
        } catch (IOException e) {
            return groups; // the process ended
        }
        groups.putAll(byGroup);
        return groups;
    }

    /**
     * A JVM thread's group by its name as Linux keeps it (15 characters): the launcher's main thread is
     * {@code java}; HotSpot names its compiler and GC threads; Kafka clients, the broker and mask4j's worker prefix
     * theirs.
     */
    static String group(String comm) {
        if (comm.equals("java") || comm.equals("main")) {
            return "main";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return "gc";
        }
        if (comm.startsWith("mask4j-worker-")) {
            return "classify"; // ClassificationWorker's classification thread, truncated by Linux
        }
        if (comm.startsWith("ForkJoinPool")) {
            return "forkJoinPool";
        }
        if (comm.startsWith("kafka-producer") || comm.startsWith("kafka-coordinat")
                || comm.startsWith("consumer_backg")) {
            return "kafkaClient";
        }
        if (comm.startsWith("data-plane")) {
            return "requestHandling"; // the broker's network and request handler threads
        }
        if (comm.startsWith("group-coordinat")) {
            return "groupCoordinator";
        }
        if (comm.startsWith("TxnMarkerSender") || comm.startsWith("AddPartitionsTo")
                || comm.startsWith("transaction-")) {
            return "transactionCoordinator";
        }
        if (comm.startsWith("kafka-0-raft") || comm.startsWith("kafka-0-metadat") || comm.startsWith("quorum-")
                || comm.startsWith("raft-")) {
            return "metadata";
        }
        return "other";
    }

    /** utime + stime of a /proc stat line (fields 14 and 15), in ticks; -1 when unreadable. */
    private static long ticks(Path stat) {
        String s = read(stat);
        return s == null ? -1 : ticks(s);
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Busy time of all cores (everything but idle and iowait) from /proc/stat, in ns; -1 when unknown. */
    private static long machineBusy() {
        String s = read(Path.of("/proc/stat"));
        if (s == null) {
            return -1;
        }
        String[] f = s.substring(0, s.indexOf('\n')).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * NANOS_PER_TICK;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stops the clock (not interrupting a sample in progress) and takes a last sample; idempotent. */
    @Override
    public void close() {
        Thread c;
        synchronized (this) {
            c = clock;
            clock = null;
        }
        if (c == null) {
            return;
        }
        running = false;
        try {
            c.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
