package io.github.mask4j.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.mask4j.extractor.FeatureExtractor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The baseline: the same model file run through ONNX Runtime's own Java API ({@link OrtSession#run}) with the best
 * thread count ({@link Fixtures#rawThreads()}), asking only for the {@code features} output and copying it to a
 * Java array, as a careful hand-written caller would. The input tensor of a ready array is made once, in direct
 * memory, and reused for every later call with that array (a careful caller's preprocessing writes straight into a
 * reused direct buffer), so the baseline pays no per-call allocation or copy of its input. Thread-safe (ORT
 * sessions may be run concurrently, and inputs are only read).
 */
final class RawOrt implements AutoCloseable {
    static final String FEATURES = "features";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int height;
    private final int width;
    /** Input tensors by the array they hold (callers pass a few fixed arrays); closed with this object. */
    private final Map<float[], OnnxTensor> inputs = new IdentityHashMap<>();

    /** A session on the very file {@code extractor} loaded (same SHA-256), with the same preprocessing size. */
    RawOrt(FeatureExtractor extractor) throws OrtException {
        Path file = extractor.info().file();
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(Fixtures.rawThreads());
            session = env.createSession(file.toString(), options);
        }
        String found = null;
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 4) {
                found = e.getKey();
            }
        }
        if (found == null || !session.getOutputNames().contains(FEATURES)) {
            throw new IllegalStateException(file + ": expected a 4-d image input and a 'features' output");
        }
        inputName = found;
        height = extractor.preprocessing().height();
        width = extractor.preprocessing().width();
    }

    /** Runs {@code count} NCHW images and returns their features, {@code count x dim} floats. */
    float[] features(float[] tensor, int count) throws OrtException {
        if (tensor.length != count * 3 * height * width) {
            throw new IllegalArgumentException("tensor holds " + tensor.length + " floats, expected " + count
                    + " x 3 x " + height + " x " + width);
        }
        OnnxTensor input = input(tensor, count);
        try (OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(FEATURES))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer floats = out.getFloatBuffer();
            if (floats != null) {
                float[] a = new float[floats.remaining()];
                floats.get(a);
                return a;
            }
            ByteBuffer bytes = out.getByteBuffer();
            float[] a = new float[bytes.remaining()];
            for (int i = 0; i < a.length; i++) {
                a[i] = bytes.get(i) & 0xFF;
            }
            return a;
        }
    }

    /** The direct-memory tensor holding {@code tensor}, made on its first use (the array must not change after). */
    private OnnxTensor input(float[] tensor, int count) throws OrtException {
        synchronized (inputs) {
            OnnxTensor t = inputs.get(tensor);
            if (t == null) {
                if (inputs.size() >= 16) {
                    throw new IllegalStateException("RawOrt keeps the tensors of a few fixed arrays; pass the same "
                            + "arrays again instead of new ones");
                }
                FloatBuffer direct = ByteBuffer.allocateDirect(tensor.length * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                direct.put(tensor).flip();
                t = OnnxTensor.createTensor(env, direct, new long[] {count, 3, height, width});
                inputs.put(tensor, t);
            }
            return t;
        }
    }

    @Override
    public void close() throws OrtException {
        synchronized (inputs) {
            inputs.values().forEach(OnnxTensor::close);
            inputs.clear();
        }
        session.close();
    }
}
