package io.github.mask4j.face;

import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.Region;
import io.github.mask4j.image.ResizeMode;
import io.github.mask4j.internal.face.DecodedImage;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.internal.onnx.LoadedModel;
import io.github.mask4j.internal.onnx.OnnxBackbone;
import io.github.mask4j.internal.store.ResolvedModel;
import io.github.mask4j.model.ModelSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds faces in images with an ONNX face detector ({@link FaceModel}): UltraFace RFB-320 by default, YuNet
 * (with landmarks), or the UltraFace masked-face model (labels each face {@code face} or {@code masked_face}).
 *
 * <pre>{@code
 * try (FaceDetector detector = FaceDetector.open()) {
 *     for (Face face : detector.detect(ImageInput.of(Path.of("group.jpg")))) {
 *         System.out.println(face.box() + " " + face.score());
 *     }
 * }
 * }</pre>
 *
 * <p>The whole image is resized (squashed) to the network input, as upstream does; boxes come back in the
 * image's pixels, clipped to it, best first. It owns the native ONNX Runtime session: {@link #close()} frees it
 * (idempotent, waits for calls in flight).
 *
 * <p>Thread-safe: {@link #detect} may be called from many threads at once.
 */
public final class FaceDetector implements AutoCloseable {
    private final FaceDetectorOptions options;
    private final Preprocessing preprocessing;
    private final TensorWriter tensorWriter;
    private final OnnxBackbone backbone;
    private final List<String> outputs;
    private final ResolvedModel file;

    private FaceDetector(FaceDetectorOptions options) {
        this.options = options;
        FaceModel model = options.model();
        this.preprocessing = model.preprocessing(options.inputWidth(), options.inputHeight());
        ModelSpec spec = ModelSpec.builder().id(model.id()).source(options.source()).preprocessing(preprocessing)
                .threads(options.threads()).build();
        LoadedModel loaded = LoadedModel.load(spec);
        this.file = loaded.file();
        this.outputs = FaceDecoding.outputs(model);
        if (!loaded.graph().outputs().containsAll(outputs)) {
            throw new ModelUnavailableException(file.path() + " is not a " + model.id() + " face detector: outputs "
                    + loaded.graph().outputs() + ", expected " + outputs);
        }
        this.tensorWriter = new TensorWriter(preprocessing);
        // A dry run checks the input size before any user image arrives.
        this.backbone = loaded.start(model.id(), List.of(), preprocessing, options.threads(),
                backbone -> FaceDecoding.decode(model, backbone.run(new float[preprocessing.tensorSize()], 1, outputs),
                        options.inputWidth(), options.inputHeight(), options.inputWidth(), options.inputHeight(),
                        options.scoreThreshold(), options.nmsIou(), options.maxFaces()),
                e -> new ModelUnavailableException("face model " + model.id() + " (" + file.path()
                        + ") does not accept a " + options.inputWidth() + "x" + options.inputHeight() + " input: "
                        + e.getMessage(), e)).backbone();
    }

    /** Opens the default detector, UltraFace RFB-320. */
    public static FaceDetector open() {
        return open(FaceDetectorOptions.defaults());
    }

    /** Opens a detector with its model's default thresholds and input size. */
    public static FaceDetector open(FaceModel model) {
        return open(FaceDetectorOptions.defaults(model));
    }

    public static FaceDetector open(FaceDetectorOptions options) {
        return new FaceDetector(options);
    }

    public FaceDetectorOptions options() {
        return options;
    }

    public FaceModel model() {
        return options.model();
    }

    /** The model file in use. */
    public Path modelFile() {
        return file.path();
    }

    /** SHA-256 of the model file in use. */
    public String modelSha256() {
        return file.sha256();
    }

    /**
     * The faces in an image, best score first, in the image's pixels (for a cropped input: relative to the
     * crop). An image with no face gives an empty list.
     *
     * @throws io.github.mask4j.InvalidImageException when the image cannot be read
     */
    public List<Face> detect(ImageInput image) {
        return detect(DecodedImage.of(image));
    }

    public List<Face> detect(Path image) {
        return detect(ImageInput.of(image));
    }

    public List<Face> detect(BufferedImage image) {
        return detect(ImageInput.of(image));
    }

    /** The largest face in an image, if any (for a one-person frame or a training photo). */
    public Optional<Face> largestFace(ImageInput image) {
        return largest(detect(image));
    }

    /** The largest face of a list, by box area. */
    public static Optional<Face> largest(List<Face> faces) {
        return largest(faces, Face::box);
    }

    /** The item of a list whose box has the largest area (the first of equals). */
    static <T> Optional<T> largest(List<T> items, Function<T, Region> box) {
        return items.stream().max(Comparator.comparingDouble(f -> box.apply(f).area()));
    }

    List<Face> detect(DecodedImage image) {
        List<Face> faces = detectOnce(image);
        return faces.isEmpty() && options.closeUps() ? detectCloseUp(image) : faces;
    }

    private List<Face> detectOnce(DecodedImage image) {
        if (options.keepAspectRatio()) {
            return detectLetterboxed(image);
        }
        // Written straight into the buffer the detector reads.
        Map<String, float[]> out = backbone.run(1, outputs, tensor -> {
            tensorWriter.write(image.pixels(), image.area(), tensor, 0);
            return 1;
        });
        return FaceDecoding.decode(options.model(), out, options.inputWidth(), options.inputHeight(), image.width(),
                image.height(), options.scoreThreshold(), options.nmsIou(), options.maxFaces());
    }

    /** The image scaled to fit the input with its proportions kept, centred on grey. */
    private List<Face> detectLetterboxed(DecodedImage image) {
        int inW = options.inputWidth();
        int inH = options.inputHeight();
        double scale = Math.min(inW / image.width(), inH / image.height());
        int w = Math.max(1, Math.min(inW, (int) Math.round(image.width() * scale)));
        int h = Math.max(1, Math.min(inH, (int) Math.round(image.height() * scale)));
        int ox = (inW - w) / 2;
        int oy = (inH - h) / 2;
        float[] tensor = new float[preprocessing.tensorSize()];
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        boolean bgr = preprocessing.channelOrder() == ChannelOrder.BGR;
        int plane = inW * inH;
        for (int p = 0; p < 3; p++) {
            int c = bgr ? 2 - p : p;
            Arrays.fill(tensor, p * plane, (p + 1) * plane, (127f / 255f - mean[c]) / std[c]);
        }
        float[] sub = new float[3 * w * h];
        new TensorWriter(options.model().preprocessing(w, h)).write(image.pixels(), image.area(), sub, 0);
        for (int p = 0; p < 3; p++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(sub, p * w * h + y * w, tensor, p * plane + (y + oy) * inW + ox, w);
            }
        }
        Map<String, float[]> out = backbone.run(tensor, 1, outputs);
        // Decode as if the input showed a frame of inW/scale x inH/scale pixels, then move the boxes back.
        double sx = w / image.width();
        double sy = h / image.height();
        List<Face> faces = FaceDecoding.decode(options.model(), out, inW, inH, inW / sx, inH / sy,
                options.scoreThreshold(), options.nmsIou(), options.maxFaces());
        List<Face> moved = new ArrayList<>(faces.size());
        double dx = ox / sx;
        double dy = oy / sy;
        for (Face f : faces) {
            Region b = f.box();
            double x0 = Math.max(0, b.x() - dx);
            double y0 = Math.max(0, b.y() - dy);
            double x1 = Math.min(image.width(), b.right() - dx);
            double y1 = Math.min(image.height(), b.bottom() - dy);
            if (x1 - x0 >= 1 && y1 - y0 >= 1) {
                List<Point> landmarks = f.landmarks().stream().map(q -> new Point(q.x() - dx, q.y() - dy)).toList();
                moved.add(new Face(new Region(x0, y0, x1 - x0, y1 - y0), f.score(), landmarks, f.detectorLabel()));
            }
        }
        return moved;
    }

    /**
     * Close-ups (a face filling the photo, as in many training sets) are often missed by detectors trained on
     * scenes; the same photo shrunk to half size in the middle of a grey canvas looks like a scene again. The
     * canvas is exactly the network input, so nothing is resized twice.
     */
    List<Face> detectCloseUp(DecodedImage image) {
        int cw = options.inputWidth();
        int ch = options.inputHeight();
        int iw = cw / 2;
        int ih = ch / 2;
        int ox = (cw - iw) / 2;
        int oy = (ch - ih) / 2;
        BufferedImage canvas = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(new Color(127, 127, 127));
            g.fillRect(0, 0, cw, ch);
            g.drawImage(resized(image, iw, ih), ox, oy, null);
        } finally {
            g.dispose();
        }
        double sx = image.width() / iw;
        double sy = image.height() / ih;
        List<Face> found = new ArrayList<>();
        for (Face f : detectOnce(DecodedImage.of(ImageInput.of(canvas)))) {
            Region b = f.box();
            double x0 = Math.max(0, (b.x() - ox) * sx);
            double y0 = Math.max(0, (b.y() - oy) * sy);
            double x1 = Math.min(image.width(), (b.right() - ox) * sx);
            double y1 = Math.min(image.height(), (b.bottom() - oy) * sy);
            if (x1 - x0 >= 1 && y1 - y0 >= 1) {
                List<Point> landmarks = f.landmarks().stream()
                        .map(p -> new Point((p.x() - ox) * sx, (p.y() - oy) * sy)).toList();
                found.add(new Face(new Region(x0, y0, x1 - x0, y1 - y0), f.score(), landmarks, f.detectorLabel()));
            }
        }
        return found;
    }

    /** The visible area resized to {@code w x h} RGB, through the same resizer as the tensors. */
    private static BufferedImage resized(DecodedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] tensor = new float[3 * w * h];
        new TensorWriter(Preprocessing.builder().size(w, h).raw255().resizeMode(ResizeMode.SQUASH).build())
                .write(image.pixels(), image.area(), tensor, 0);
        int plane = w * h;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (clamp(Math.round(tensor[i])) << 16) | (clamp(Math.round(tensor[plane + i])) << 8)
                    | clamp(Math.round(tensor[2 * plane + i]));
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    public boolean isClosed() {
        return backbone.isClosed();
    }

    /** Frees the native session; waits for running calls; idempotent. */
    @Override
    public void close() {
        backbone.close();
    }

    @Override
    public String toString() {
        return "FaceDetector[" + options.model().id() + " " + options.inputWidth() + "x" + options.inputHeight()
                + ", threshold " + options.scoreThreshold() + ", nms " + options.nmsIou() + "]";
    }
}
