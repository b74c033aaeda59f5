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
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The baseline: the same model file run through ONNX Runtime's own Java API ({@link OrtSession#run}) with the best
 * thread count ({@link Fixtures#rawThreads()}), asking only for the {@code features} output and copying it to a
 * Java array, as a careful hand-written caller would. Thread-safe (ORT sessions may be run concurrently).
 */
final class RawOrt implements AutoCloseable {
    static final String FEATURES = "features";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int height;
    private final int width;

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
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor),
                new long[] {count, 3, height, width});
                OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(FEATURES))) {
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

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
