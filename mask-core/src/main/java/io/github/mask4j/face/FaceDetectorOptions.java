package io.github.mask4j.face;

import io.github.mask4j.model.ModelFile;
import io.github.mask4j.model.ModelSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link FaceDetector} is opened: which model, its thresholds, input size and where its file is found.
 *
 * <pre>{@code
 * FaceDetectorOptions options = FaceDetectorOptions.builder().model(FaceModel.YUNET).scoreThreshold(0.7).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the detector network
 * @param scoreThreshold a detection needs a score above this (0..1)
 * @param nmsIou overlapping detections with IoU above this are merged into the best one
 * @param inputWidth network input width (fixed for UltraFace; a multiple of 32 for YuNet)
 * @param inputHeight network input height
 * @param maxFaces at most this many faces per image, best first
 * @param source where the model file is found: the files that may provide it, best first
 *     ({@link FaceModel#files()} unless a mirror was given; a file is only used when its SHA-256 matches), the
 *     model and cache directories and whether a download is allowed
 * @param threads ONNX Runtime intra-op threads per call, 0 for its default
 * @param closeUps when an image gives no face, look again with the image shrunk to half size in the middle of a
 *     grey canvas: detectors trained on scenes often miss a face that fills the whole picture (webcam
 *     close-ups, face-crop photo sets). Costs a second run on faceless frames; off by default.
 * @param keepAspectRatio fit the image into the network input with its proportions kept (grey bars) instead of
 *     squashing it as upstream does; needed for frames much wider or taller than the input (4:3 for UltraFace),
 *     where squashing makes faces too narrow to be found. Off by default (upstream behaviour).
 */
public record FaceDetectorOptions(FaceModel model, double scoreThreshold, double nmsIou, int inputWidth,
        int inputHeight, int maxFaces, ModelSource source, int threads, boolean closeUps, boolean keepAspectRatio) {

    public FaceDetectorOptions {
        Objects.requireNonNull(model, "model");
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + scoreThreshold);
        }
        if (!(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1], got " + nmsIou);
        }
        if (model.dynamicInput()) {
            if (inputWidth < 32 || inputHeight < 32 || inputWidth % 32 != 0 || inputHeight % 32 != 0) {
                throw new IllegalArgumentException(model.id() + " needs an input size in multiples of 32, got "
                        + inputWidth + "x" + inputHeight);
            }
        } else if (inputWidth != model.defaultWidth() || inputHeight != model.defaultHeight()) {
            throw new IllegalArgumentException(model.id() + " has a fixed input of " + model.defaultWidth() + "x"
                    + model.defaultHeight() + ", got " + inputWidth + "x" + inputHeight);
        }
        if (maxFaces < 1) {
            throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces);
        }
        source = source == null ? ModelSource.files(model.files())
                : source.files().isEmpty() ? source.withFiles(model.files()) : source;
        if (source.file() != null) {
            throw new IllegalArgumentException("a face detector is found by its files' SHA-256 (its decoding is tied "
                    + "to the exact network): give files(...) or a model directory, not a file path");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** The files that may provide the model, best first; see {@link #source()}. */
    public List<ModelFile> files() {
        return source.files();
    }

    /** Where to look for the model file first; see {@link #source()}. */
    public Path modelDirectory() {
        return source.modelDirectory();
    }

    /** Where downloads go; see {@link #source()}. */
    public Path cacheDirectory() {
        return source.cacheDirectory();
    }

    /** Whether a missing file may be downloaded; see {@link #source()}. */
    public boolean downloadAllowed() {
        return source.downloadAllowed();
    }

    /** The defaults of a model: its upstream threshold, NMS and input size. */
    public static FaceDetectorOptions defaults(FaceModel model) {
        return builder().model(model).build();
    }

    /** The default detector, {@link FaceModel#ULTRAFACE_RFB_320}. */
    public static FaceDetectorOptions defaults() {
        return defaults(FaceModel.ULTRAFACE_RFB_320);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link FaceDetectorOptions}; unset values take the model's defaults. Not thread-safe. */
    public static final class Builder {
        private FaceModel model = FaceModel.ULTRAFACE_RFB_320;
        private Double scoreThreshold;
        private Double nmsIou;
        private Integer inputWidth;
        private Integer inputHeight;
        private int maxFaces = 100;
        private ModelSource source = ModelSource.defaults();
        private int threads;
        private boolean closeUps;
        private boolean keepAspectRatio;

        private Builder() {}

        /** See {@link FaceDetectorOptions#keepAspectRatio()}. */
        public Builder keepAspectRatio(boolean keep) {
            this.keepAspectRatio = keep;
            return this;
        }

        /**
         * Where to find or download the model instead of {@link FaceModel#files()}, e.g. an internal mirror; give
         * the same SHA-256, since the model's decoding is tied to the exact network.
         */
        public Builder files(List<ModelFile> files) {
            this.source = source.withFiles(List.copyOf(files));
            return this;
        }

        /** Where the model file is found, all at once (replaces what {@link #files} and the directories set). */
        public Builder source(ModelSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** See {@link FaceDetectorOptions#closeUps()}. */
        public Builder closeUps(boolean closeUps) {
            this.closeUps = closeUps;
            return this;
        }

        public Builder model(FaceModel model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        public Builder scoreThreshold(double threshold) {
            this.scoreThreshold = threshold;
            return this;
        }

        public Builder nmsIou(double iou) {
            this.nmsIou = iou;
            return this;
        }

        /** Network input size (YuNet only; smaller is faster, larger finds smaller faces). */
        public Builder inputSize(int width, int height) {
            this.inputWidth = width;
            this.inputHeight = height;
            return this;
        }

        public Builder maxFaces(int maxFaces) {
            this.maxFaces = maxFaces;
            return this;
        }

        public Builder modelDirectory(Path dir) {
            this.source = source.withModelDirectory(dir);
            return this;
        }

        public Builder cacheDirectory(Path dir) {
            this.source = source.withCacheDirectory(dir);
            return this;
        }

        public Builder downloadAllowed(boolean allowed) {
            this.source = source.withDownloadAllowed(allowed);
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public FaceDetectorOptions build() {
            return new FaceDetectorOptions(model,
                    scoreThreshold != null ? scoreThreshold : model.defaultScoreThreshold(),
                    nmsIou != null ? nmsIou : model.defaultNmsIou(),
                    inputWidth != null ? inputWidth : model.defaultWidth(),
                    inputHeight != null ? inputHeight : model.defaultHeight(),
                    maxFaces, source, threads, closeUps, keepAspectRatio);
        }
    }
}
