package io.github.mask4j.internal.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.store.ResolvedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX image model loaded through DJL's OnnxRuntime engine: one NCHW float input, named float outputs back as
 * Java arrays. Owns the DJL {@link Model} (and so the native session); {@link #close()} frees it once no call is
 * running.
 *
 * <p>Calls go straight to the {@link OrtSession} that DJL created, asking only for the outputs the caller needs:
 * DJL's block API always fetches every graph output and wraps each in an NDArray, which on MobileNet costs more
 * than the preprocessing. If a future DJL hides the session, calls fall back to the block API (same results,
 * slower) and a warning says so. Images are written straight into a pooled direct buffer that ONNX Runtime reads
 * in place ({@link #run(int, List, InputWriter)}), so a call in steady state allocates no input memory of its own,
 * native or Java, and copies nothing.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently; a buffer is used by one call at a time.
 */
public final class OnnxBackbone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxBackbone.class);

    private final String id;
    private final Model model;
    private final Block block;
    private final String inputName;
    private final Preprocessing preprocessing;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** The session DJL created, or null where this DJL version does not let us reach it. */
    private final OrtSession session;
    /** Direct input buffers for reuse; at most one per core is kept, so idle callers hold no native memory. */
    private final BlockingQueue<FloatBuffer> inputBuffers = new ArrayBlockingQueue<>(defaultThreads());
    private volatile boolean closed;

    /** Loads the model, optionally exposing {@code extraOutputs} (inner tensors) as graph outputs. */
    public OnnxBackbone(String id, ResolvedModel file, byte[] bytes, OnnxGraph graph, List<String> extraOutputs,
            Preprocessing preprocessing, int threads) {
        this.id = id;
        this.preprocessing = preprocessing;
        List<String> inputs = graph.dataInputs();
        if (inputs.size() != 1) {
            throw new ModelUnavailableException(file.path() + ": expected exactly one image input, found " + inputs);
        }
        this.inputName = inputs.get(0);
        byte[] patched = bytes;
        for (String extra : extraOutputs) {
            patched = OnnxGraph.parse(patched).withExtraOutput(extra);
        }
        // An explicit CPU device keeps DJL from probing for CUDA (and warning) on every start.
        Model m = Model.newInstance(id, ai.djl.Device.cpu(), "OnnxRuntime");
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            // Old exports list every weight as an input and ORT warns once per weight; errors still show.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(threads > 0 ? threads : defaultThreads());
            Map<String, Object> djlOptions = new HashMap<>();
            djlOptions.put("sessionOptions", options);
            if (extraOutputs.isEmpty()) {
                m.load(file.path(), null, djlOptions);
            } else {
                m.load(new ByteArrayInputStream(patched), djlOptions);
            }
        } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
            m.close();
            throw new ModelUnavailableException("cannot load ONNX model " + file.path() + ": " + e.getMessage(), e);
        }
        this.model = m;
        this.block = m.getBlock();
        this.session = sessionOf(block);
        LOG.info("loaded model {} from {} (sha256 {})", id, file.path(), file.sha256());
    }

    /**
     * Intra-op threads when the caller sets none: every core the JVM may use. ONNX Runtime's own default counts
     * physical cores, which on a 2-vCPU virtual machine is often 1 and makes single-image latency up to 1.6x
     * slower; callers running several images concurrently should set 1 thread per session instead.
     */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The OrtSession inside DJL's OrtSymbolBlock (a private field in DJL 0.38), or null with a warning. */
    private static OrtSession sessionOf(Block block) {
        try {
            Field f = block.getClass().getDeclaredField("session");
            f.setAccessible(true);
            if (f.get(block) instanceof OrtSession s) {
                return s;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot reach the ONNX Runtime session inside {}", block.getClass().getName(), e);
        }
        LOG.warn("this DJL version hides its ONNX Runtime session; models run through DJL's block API, which "
                + "fetches every output and is slower");
        return null;
    }

    /** Whether calls go straight to the session (true with the DJL version mask4j is built against). */
    public boolean runsSessionDirectly() {
        return session != null;
    }

    /** Reads a model file whole (graph parsing needs the bytes anyway). */
    public static byte[] readBytes(ResolvedModel file) {
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read model file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    public String inputName() {
        return inputName;
    }

    /**
     * Runs {@code count} images laid out NCHW in {@code input} and returns the named outputs as flat float
     * arrays (uint8 outputs are widened unchanged; the caller dequantises).
     */
    public Map<String, float[]> run(float[] input, int count, List<String> outputs) {
        int per = preprocessing.tensorSize();
        if (input.length != per * count) {
            throw new IllegalArgumentException("input holds " + input.length + " floats, expected " + count + " x "
                    + per + " for " + preprocessing.width() + "x" + preprocessing.height());
        }
        return run(count, outputs, buffer -> {
            buffer.put(0, input);
            return count;
        });
    }

    /** Writes up to a given number of images into a model input buffer. */
    @FunctionalInterface
    public interface InputWriter {
        /**
         * Writes images NCHW from index 0 of {@code input} (absolute indices) and returns how many it wrote; 0
         * runs nothing.
         */
        int write(FloatBuffer input);
    }

    /**
     * Lets {@code writer} fill an input buffer with up to {@code capacity} images, in place where ONNX Runtime
     * reads them (a pooled direct buffer: no input array, no copy), runs the images it wrote and returns the
     * named outputs as flat float arrays (uint8 outputs widened unchanged); an empty map when it wrote none.
     */
    public Map<String, float[]> run(int capacity, List<String> outputs, InputWriter writer) {
        int per = preprocessing.tensorSize();
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + id + " is closed");
            }
            if (session == null) {
                float[] input = new float[capacity * per];
                int count = writer.write(FloatBuffer.wrap(input));
                return count == 0 ? Map.of() : runBlock(Arrays.copyOf(input, count * per), count, outputs);
            }
            FloatBuffer buffer = inputBuffers.poll();
            if (buffer == null || buffer.capacity() < capacity * per) {
                buffer = ByteBuffer.allocateDirect(capacity * per * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
            try {
                buffer.clear();
                int count = writer.write(buffer);
                if (count == 0) {
                    return Map.of();
                }
                buffer.limit(count * per);
                return runDirect(buffer, count, outputs);
            } finally {
                // Back for the next call once ORT no longer reads it (the tensor is closed by now).
                inputBuffers.offer(buffer);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Through DJL's block API, where the session is out of reach. */
    private Map<String, float[]> runBlock(float[] input, int count, List<String> outputs) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(FloatBuffer.wrap(input),
                    new Shape(count, 3, preprocessing.height(), preprocessing.width()));
            x.setName(inputName);
            NDList result = block.forward(new ParameterStore(manager, false), new NDList(x), false);
            Map<String, float[]> out = new HashMap<>();
            for (String name : outputs) {
                NDArray a = result.get(name);
                if (a == null) {
                    throw new IllegalStateException("model " + id + " produced no output '" + name + "'");
                }
                out.put(name, toFloats(a));
            }
            return out;
        }
    }

    private Map<String, float[]> runDirect(FloatBuffer buffer, int count, List<String> outputs) {
        long[] shape = {count, 3, preprocessing.height(), preprocessing.width()};
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), buffer, shape);
                OrtSession.Result result = session.run(Map.of(inputName, x), new LinkedHashSet<>(outputs))) {
            Map<String, float[]> out = new HashMap<>();
            for (String name : outputs) {
                OnnxValue v = result.get(name).orElseThrow(
                        () -> new IllegalStateException("model " + id + " produced no output '" + name + "'"));
                out.put(name, toFloats((OnnxTensor) v, name));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on model " + id + ": " + e.getMessage(), e);
        }
    }

    private float[] toFloats(OnnxTensor t, String name) {
        OnnxJavaType type = t.getInfo().type;
        if (type == OnnxJavaType.FLOAT) {
            FloatBuffer fb = t.getFloatBuffer();
            float[] f = new float[fb.remaining()];
            fb.get(f);
            return f;
        }
        if (type == OnnxJavaType.UINT8 || type == OnnxJavaType.INT8) {
            return widen(t.getByteBuffer(), type == OnnxJavaType.UINT8);
        }
        throw new IllegalStateException("unsupported output type " + type + " of " + name + " in model " + id);
    }

    /** Quantised outputs as floats, values unchanged (the caller dequantises). */
    private static float[] widen(ByteBuffer b, boolean unsigned) {
        float[] f = new float[b.remaining()];
        for (int i = 0; i < f.length; i++) {
            byte v = b.get(b.position() + i);
            f[i] = unsigned ? v & 0xFF : v;
        }
        return f;
    }

    private static float[] toFloats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        if (a.getDataType() == DataType.UINT8 || a.getDataType() == DataType.INT8) {
            return widen(ByteBuffer.wrap(a.toByteArray()), a.getDataType() == DataType.UINT8);
        }
        throw new IllegalStateException("unsupported output type " + a.getDataType() + " of " + a.getName());
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frees the native session; waits for running calls; idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
