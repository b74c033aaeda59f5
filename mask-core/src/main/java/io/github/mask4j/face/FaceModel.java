package io.github.mask4j.face;

import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.ResizeMode;
import io.github.mask4j.model.ModelFile;
import java.net.URI;
import java.util.List;

/**
 * The face detectors mask4j knows, with the files that provide them (name, SHA-256, size, public URL) and their
 * upstream input conventions and thresholds. Files are found like the MobileNets: the model directory, the cache,
 * then a checked download.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum FaceModel {
    /**
     * UltraFace RFB-320 (MIT): 320x240, RGB, {@code (pixel - 127) / 128}, boxes decoded inside the graph; small,
     * fast and accurate on frontal faces. The default.
     */
    ULTRAFACE_RFB_320("ultraface_rfb_320", 320, 240, 0.7, 0.3, List.of(new ModelFile("version-RFB-320.onnx",
            "34cd7e60aeff28744c657de7a3dc64e872d506741de66987f3426f2b79f88017", 1_270_727,
            URI.create("https://raw.githubusercontent.com/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB/"
                    + "dffdddda9794a50607cba8f318507a28c1c27cab/models/onnx/version-RFB-320.onnx")))),
    /**
     * OpenCV YuNet 2026may (MIT): any input size in multiples of 32 (default 640x640), BGR 0..255, gives five
     * landmarks per face.
     */
    YUNET("yunet", 640, 640, 0.6, 0.3, List.of(new ModelFile("face_detection_yunet_2026may.onnx",
            "ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0", 229_738,
            URI.create("https://github.com/opencv/opencv_zoo/raw/47534e27c9851bb1128ccc0102f1145e27f23f98/models/"
                    + "face_detection_yunet/face_detection_yunet_2026may.onnx")))),
    /**
     * UltraFace RFB-640 masked-face v2 (MIT code; trained on WIDER FACE + MAFA, research terms): 640x480, labels
     * each face {@code face} or {@code masked_face}, so it can tell masks apart with no training at all.
     */
    MASKED_FACE_RFB_640("masked_face_rfb_640", 640, 480, 0.5, 0.3, List.of(new ModelFile(
            "RFB-640-masked_face-v2.onnx", "27ca3e5985f722e91efea7993f625716de627303c4bafb40bb26f456286beca8",
            1_566_571, URI.create("https://raw.githubusercontent.com/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB/"
                    + "dffdddda9794a50607cba8f318507a28c1c27cab/masked_face/pretrained/RFB-640-masked_face-v2.onnx"))));

    /** The detector label of an unmasked face (every model). */
    public static final String FACE = "face";
    /** The detector label of a masked face ({@link #MASKED_FACE_RFB_640} only). */
    public static final String MASKED_FACE = "masked_face";

    private final String id;
    private final int defaultWidth;
    private final int defaultHeight;
    private final double defaultScoreThreshold;
    private final double defaultNmsIou;
    private final List<ModelFile> files;

    FaceModel(String id, int width, int height, double threshold, double nms, List<ModelFile> files) {
        this.id = id;
        this.defaultWidth = width;
        this.defaultHeight = height;
        this.defaultScoreThreshold = threshold;
        this.defaultNmsIou = nms;
        this.files = files;
    }

    public String id() {
        return id;
    }

    /** Files that may provide the model, best first. */
    public List<ModelFile> files() {
        return files;
    }

    public int defaultWidth() {
        return defaultWidth;
    }

    public int defaultHeight() {
        return defaultHeight;
    }

    /** The score a detection needs (upstream's value, or the one the provenance checks found safe). */
    public double defaultScoreThreshold() {
        return defaultScoreThreshold;
    }

    public double defaultNmsIou() {
        return defaultNmsIou;
    }

    /** Whether the input size may be chosen (YuNet only; the UltraFace graphs are fixed). */
    public boolean dynamicInput() {
        return this == YUNET;
    }

    /** The labels this model can give a face. */
    public List<String> labels() {
        return this == MASKED_FACE_RFB_640 ? List.of(FACE, MASKED_FACE) : List.of(FACE);
    }

    /** How a frame becomes this model's input at the given size: the whole frame squashed, no letterbox. */
    public Preprocessing preprocessing(int width, int height) {
        Preprocessing.Builder b = Preprocessing.builder().size(width, height).resizeMode(ResizeMode.SQUASH);
        if (this == YUNET) {
            return b.channelOrder(ChannelOrder.BGR).raw255().build();
        }
        // (pixel - 127) / 128 written as (pixel/255 - mean) / std.
        float mean = 127f / 255f;
        float std = 128f / 255f;
        return b.channelOrder(ChannelOrder.RGB).mean(mean, mean, mean).std(std, std, std).build();
    }

    /** The model with this id ({@code ultraface_rfb_320}, {@code yunet}, {@code masked_face_rfb_640}). */
    public static FaceModel fromId(String id) {
        for (FaceModel m : values()) {
            if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown face model '" + id + "'; known: ultraface_rfb_320, yunet, "
                + "masked_face_rfb_640");
    }
}
