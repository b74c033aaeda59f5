package io.github.mask4j.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A secondary JMH metric: CPU time of the whole process (caller, ONNX Runtime's pool threads, JIT and GC) per
 * operation, in milliseconds. On a machine shared with other work, wall-clock time per operation mostly
 * measures how long the scheduler kept us waiting; CPU time per operation is the work actually done, so the
 * mask4j/raw ratio of CPU time is the steadier comparison. Benchmarks call {@link #op()} once per operation.
 * One instance per benchmark thread; not shared, so not thread-safe.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ProcessCpu {
    /** Process CPU milliseconds per operation over the last iteration (reported as {@code cpuMsPerOp}). */
    public double cpuMsPerOp;
    private long startNanos;
    private long ops;

    @Setup(Level.Iteration)
    public void begin() {
        ops = 0;
        cpuMsPerOp = 0;
        startNanos = processCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void end() {
        cpuMsPerOp = ops == 0 ? 0 : (processCpuNanos() - startNanos) / 1e6 / ops;
    }

    void op() {
        ops++;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
