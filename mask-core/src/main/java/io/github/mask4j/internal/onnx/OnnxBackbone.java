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
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.store.ResolvedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX image model run through DJL's OnnxRuntime engine: one NCHW float input, named float outputs back as
 * Java arrays. Owns the DJL {@link Model} (and so the native session); {@link #close()} frees it once no call is
 * running. Thread-safe: ONNX Runtime sessions may be run concurrently, and each call has its own NDManager.
 */
public final class OnnxBackbone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxBackbone.class);

    private final String id;
    private final Model model;
    private final Block block;
    private final String inputName;
    private final Preprocessing preprocessing;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
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
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
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
        LOG.info("loaded model {} from {} (sha256 {})", id, file.path(), file.sha256());
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
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + id + " is closed");
            }
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
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static float[] toFloats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        if (a.getDataType() == DataType.UINT8) {
            byte[] b = a.toByteArray();
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                f[i] = b[i] & 0xFF;
            }
            return f;
        }
        if (a.getDataType() == DataType.INT8) {
            byte[] b = a.toByteArray();
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                f[i] = b[i];
            }
            return f;
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
