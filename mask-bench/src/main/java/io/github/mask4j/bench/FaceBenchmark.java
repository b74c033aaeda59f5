package io.github.mask4j.bench;

import ai.onnxruntime.OrtException;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.Face;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceDetectorOptions;
import io.github.mask4j.face.FaceModel;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.training.TrainingOptions;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The face path: {@link FaceDetector#detect} alone and the whole {@link MaskDetector#detect} (detector, square
 * crops, classifier on every crop as one batch) on a frame with 1 face ({@code grace_hopper.jpg}) and with 4 faces
 * ({@code face.jpg}), against raw ONNX Runtime on both models in the same run: {@link #rawDetector} (the detector
 * file on a ready input tensor of its input size) and {@link #rawBackbone} (the classifier's MobileNet on a ready
 * batch of 1 or 4 face-crop tensors). The report's ratio is face path / (raw detector + raw backbone at batch =
 * faces): everything mask4j adds (preprocessing the frame and each crop, decoding, NMS, the head) on top of the two
 * networks' own inference.
 *
 * <p>Each benchmark only takes the states it needs, so JMH only varies the parameters that matter to it.
 *
 * <p>Its states are JMH's, one per benchmark run: not thread-safe, JMH calls them from one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FaceBenchmark {

    /** A decoded frame: a packed RGB {@link RawFrame}, at the photo's own size or stretched to 640x480. */
    @State(Scope.Benchmark)
    public static class Frames {
        /** 1 = grace_hopper.jpg (512x600), 4 = face.jpg (512x355). */
        @Param({"1", "4"})
        public int faces;

        /** {@code native}: the photo's own size; {@code 640x480}: stretched to a VGA video frame. */
        @Param({"native", "640x480"})
        public String size;

        RawFrame frame;

        @Setup(Level.Trial)
        public void setup() {
            String name = switch (faces) {
                case 1 -> "grace_hopper.jpg";
                case 4 -> "face.jpg";
                default -> throw new IllegalArgumentException("faces must be 1 or 4, got " + faces);
            };
            BufferedImage photo = size.equals("native") ? Fixtures.photo(name) : Fixtures.photo(name, 640, 480);
            frame = RawFrame.packed(PixelFormat.RGB, photo.getWidth(), photo.getHeight(), Fixtures.rgb(photo));
            // The frame must really show that many faces to both detectors, or the comparison is meaningless.
            for (FaceModel m : List.of(FaceModel.ULTRAFACE_RFB_320, FaceModel.YUNET)) {
                try (FaceDetector d = openDetector(m)) {
                    int found = d.detect(frame).size();
                    if (found != faces) {
                        throw new IllegalStateException(m.id() + " finds " + found + " faces in " + name + " at "
                                + size + ", expected " + faces);
                    }
                }
            }
        }
    }

    /** A face detector and its raw ORT baseline on the same file, with a real frame's input tensor. */
    @State(Scope.Benchmark)
    public static class Detector {
        @Param({"ultraface_rfb_320", "yunet"})
        public String detector;

        FaceDetector faces;
        RawDetector raw;
        float[] tensor;

        @Setup(Level.Trial)
        public void setup() throws OrtException {
            FaceModel model = FaceModel.fromId(detector);
            faces = openDetector(model);
            raw = new RawDetector(faces);
            tensor = RawDetector.tensor(Fixtures.photo("face.jpg", 640, 480),
                    model.preprocessing(faces.options().inputWidth(), faces.options().inputHeight()));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            faces.close();
            raw.close();
        }
    }

    /**
     * A classifier on the given MobileNet, its MLP head trained at setup on a few real images of the mask
     * training set, and the backbone's raw ORT baseline with 1 and 4 of those images as ready tensors.
     */
    @State(Scope.Benchmark)
    public static class Head {
        /** Images per label used to train the head: enough for a real head, few enough for a short setup. */
        static final int PER_LABEL = 8;

        @Param({"mobilenet_v2", "mobilenet_v1_025"})
        public String classifier;

        FeatureExtractor extractor;
        Classifier head;
        RawOrt raw;
        float[][] tensors = new float[5][];

        @Setup(Level.Trial)
        public void setup() throws OrtException {
            extractor = Fixtures.open(classifier);
            raw = new RawOrt(extractor);
            List<LabelledImage> train = new ArrayList<>();
            TreeMap<String, List<LabelledImage>> byLabel = LabelledImage.fromDirectory(
                    Fixtures.dataDir().resolve("masks/train")).stream()
                    .collect(Collectors.groupingBy(LabelledImage::label, TreeMap::new, Collectors.toList()));
            byLabel.values().forEach(l -> train.addAll(l.subList(0, Math.min(PER_LABEL, l.size()))));
            head = extractor.classification();
            head.addImages(train);
            head.train(TrainingOptions.builder().epochs(10).build());
            // Batches of 1..4 face crops (the training images are face crops), preprocessed once.
            int per = extractor.preprocessing().tensorSize();
            for (int n = 1; n <= 4; n++) {
                tensors[n] = new float[per * n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(extractor.preprocess(train.get(i).image()), 0, tensors[n], i * per, per);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            extractor.close();
            raw.close();
        }
    }

    /** How many face crops the raw backbone runs at once (matched to the frame's face count in the report). */
    @State(Scope.Benchmark)
    public static class Crops {
        @Param({"1", "4"})
        public int batch;
    }

    static FaceDetector openDetector(FaceModel model) {
        return FaceDetector.open(FaceDetectorOptions.builder().model(model).modelDirectory(Fixtures.modelDir())
                .downloadAllowed(false).threads(Fixtures.THREADS).build());
    }

    /** (a) Face detection alone: frame -> tensor, detector inference, decoding, NMS. */
    @Benchmark
    public List<Face> detect(Frames frames, Detector detector, ProcessCpu cpu) {
        cpu.op();
        return detector.faces.detect(frames.frame);
    }

    /** (b) The face path: detection, then one square crop per face classified (crops batched through the backbone). */
    @Benchmark
    public List<FaceResult> maskDetect(Frames frames, Detector detector, Head head, ProcessCpu cpu) {
        cpu.op();
        return MaskDetector.of(detector.faces, head.head).detect(frames.frame);
    }

    /** (c) Baseline: the detector file through {@code OrtSession.run} on a ready tensor of its input size. */
    @Benchmark
    public int rawDetector(Detector detector, ProcessCpu cpu) throws OrtException {
        cpu.op();
        return detector.raw.run(detector.tensor);
    }

    /** (c) Baseline: the classifier's backbone through {@code OrtSession.run} on a ready batch of face crops. */
    @Benchmark
    public float[] rawBackbone(Head head, Crops crops, ProcessCpu cpu) throws OrtException {
        cpu.op();
        return head.raw.features(head.tensors[crops.batch], crops.batch);
    }
}
