package io.github.mask4j.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.Preprocessing;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * The face detector's baseline: the very file a {@link FaceDetector} loaded, run through {@link OrtSession#run}
 * with the best thread count ({@link Fixtures#rawThreads()}) on a ready input tensor of the detector's input size,
 * fetching every output the decoder reads (UltraFace: scores and boxes; YuNet: its twelve cls/obj/bbox/kps maps,
 * which is all of the graph's outputs) and copying each to a Java array. Decoding and NMS are not included: that is
 * mask4j's work. Thread-safe (ORT sessions may be run concurrently).
 */
final class RawDetector implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final Set<String> outputs;
    private final long[] shape;

    RawDetector(FaceDetector detector) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(Fixtures.rawThreads());
            session = env.createSession(detector.modelFile().toString(), options);
        }
        String found = null;
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 4) {
                found = e.getKey();
            }
        }
        if (found == null) {
            throw new IllegalStateException(detector.modelFile() + ": expected a 4-d image input");
        }
        inputName = found;
        outputs = session.getOutputNames();
        shape = new long[] {1, 3, detector.options().inputHeight(), detector.options().inputWidth()};
    }

    /** Runs one input tensor and returns the total number of output floats (so nothing is dead code). */
    int run(float[] tensor) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input), outputs)) {
            int n = 0;
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                FloatBuffer floats = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] a = new float[floats.remaining()];
                floats.get(a);
                n += a.length;
            }
            return n;
        }
    }

    /**
     * {@code image} squashed to the detector's input and normalised as the detector does (UltraFace:
     * {@code (p - 127) / 128}, RGB; YuNet: BGR 0..255), NCHW; so the baseline runs on a real frame's tensor.
     */
    static float[] tensor(BufferedImage image, Preprocessing p) {
        int w = p.width();
        int h = p.height();
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        float[] out = new float[3 * w * h];
        boolean bgr = p.channelOrder() == ChannelOrder.BGR;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = scaled.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    float v = ((rgb >> (16 - 8 * c)) & 0xFF) / 255f;
                    int plane = bgr ? 2 - c : c;
                    out[plane * w * h + y * w + x] = (v - p.mean()[c]) / p.std()[c];
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
