package io.github.mask4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.TestImages;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three face detectors on the provenance test images, against the boxes recorded there. */
class FaceDetectorTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaceDetectorTest.class);
    /** Pixels a box corner may differ from the provenance record (which gives whole pixels). */
    private static final double TOLERANCE = 2;

    private static final Map<FaceModel, FaceDetector> DETECTORS = new EnumMap<>(FaceModel.class);

    /** Boxes [x1, y1, x2, y2] from the models' provenance (section 3), per model and image. */
    private static final Map<FaceModel, Map<String, double[][]>> EXPECTED = Map.of(
            FaceModel.ULTRAFACE_RFB_320, Map.of(
                    "grace_hopper.jpg", new double[][] {{172, 121, 357, 333}},
                    "face.jpg", new double[][] {{133, 81, 222, 204}, {260, 47, 347, 168}, {439, 118, 489, 185},
                        {7, 101, 50, 160}},
                    "cat.jpg", new double[0][]),
            FaceModel.YUNET, Map.of(
                    "grace_hopper.jpg", new double[][] {{183, 120, 348, 337}},
                    "face.jpg", new double[][] {{249, 53, 351, 170}, {126, 83, 231, 197}, {436, 118, 493, 183},
                        {4, 105, 52, 158}},
                    "cat.jpg", new double[0][]),
            FaceModel.MASKED_FACE_RFB_640, Map.of(
                    "grace_hopper.jpg", new double[][] {{176, 125, 351, 339}},
                    "face.jpg", new double[][] {{259, 51, 349, 176}, {133, 87, 222, 203}, {440, 117, 488, 181},
                        {7, 104, 51, 158}},
                    "cat.jpg", new double[0][]));

    @BeforeAll
    static void open() {
        SharedData.root();
        for (FaceModel m : FaceModel.values()) {
            DETECTORS.put(m, FaceDetector.open(m));
        }
    }

    @AfterAll
    static void close() {
        DETECTORS.values().forEach(FaceDetector::close);
    }

    @ParameterizedTest
    @EnumSource(FaceModel.class)
    void findsTheFacesRecordedInTheProvenance(FaceModel model) {
        FaceDetector detector = DETECTORS.get(model);
        for (Map.Entry<String, double[][]> e : EXPECTED.get(model).entrySet()) {
            List<Face> faces = detector.detect(SharedData.testImage(e.getKey()));
            double[][] expected = e.getValue();
            assertThat(faces).as(model + " on " + e.getKey()).hasSize(expected.length);
            for (double[] want : expected) {
                Face nearest = faces.stream().min(Comparator.comparingDouble(f -> distance(f.box(), want))).get();
                Region b = nearest.box();
                double dev = Math.max(Math.max(Math.abs(b.x() - want[0]), Math.abs(b.y() - want[1])),
                        Math.max(Math.abs(b.right() - want[2]), Math.abs(b.bottom() - want[3])));
                LOG.info("{} {}: box {} score {} (largest corner deviation from provenance {} px)", model,
                        e.getKey(), b, String.format(java.util.Locale.ROOT, "%.3f", nearest.score()),
                        String.format(java.util.Locale.ROOT, "%.1f", dev));
                String what = model + " " + e.getKey() + " box " + b + " vs " + java.util.Arrays.toString(want);
                assertThat(b.x()).as(what).isCloseTo(want[0], within(TOLERANCE));
                assertThat(b.y()).as(what).isCloseTo(want[1], within(TOLERANCE));
                assertThat(b.right()).as(what).isCloseTo(want[2], within(TOLERANCE));
                assertThat(b.bottom()).as(what).isCloseTo(want[3], within(TOLERANCE));
                assertThat(nearest.score()).as(what).isGreaterThan(detector.options().scoreThreshold());
                // Every face here is unmasked: the masked-face model must say so.
                assertThat(nearest.detectorLabel()).as(what).isEqualTo(FaceModel.FACE);
                if (model == FaceModel.YUNET) {
                    assertThat(nearest.landmarks()).hasSize(5).allSatisfy(p -> {
                        assertThat(p.x()).isBetween(b.x(), b.right());
                        assertThat(p.y()).isBetween(b.y(), b.bottom());
                    });
                    // Eyes above the mouth corners; right eye (image left) left of the left eye.
                    assertThat(nearest.landmarks().get(0).y()).isLessThan(nearest.landmarks().get(3).y());
                    assertThat(nearest.landmarks().get(0).x()).isLessThan(nearest.landmarks().get(1).x());
                } else {
                    assertThat(nearest.landmarks()).isEmpty();
                }
            }
            for (int i = 1; i < faces.size(); i++) {
                assertThat(faces.get(i).score()).isLessThanOrEqualTo(faces.get(i - 1).score());
            }
        }
    }

    private static double distance(Region b, double[] want) {
        return Math.abs(b.x() - want[0]) + Math.abs(b.y() - want[1]) + Math.abs(b.right() - want[2])
                + Math.abs(b.bottom() - want[3]);
    }

    @Test
    void rawI420FrameGivesTheSameFacesAsTheJpeg() {
        BufferedImage img = ImageDecoder.read(SharedData.testImage("face.jpg"));
        RawFrame frame = RawFrame.i420(img.getWidth(), img.getHeight(), TestImages.toI420(img));
        List<Face> fromJpeg = DETECTORS.get(FaceModel.ULTRAFACE_RFB_320).detect(img);
        List<Face> fromI420 = DETECTORS.get(FaceModel.ULTRAFACE_RFB_320).detect(frame);
        assertThat(fromI420).hasSize(4);
        for (Face f : fromJpeg) {
            assertThat(fromI420).anySatisfy(g -> assertThat(g.box().iou(f.box())).isGreaterThan(0.9));
        }
    }

    @Test
    void boxesOfACroppedInputAreRelativeToTheCrop() {
        FaceDetector detector = DETECTORS.get(FaceModel.ULTRAFACE_RFB_320);
        Path file = SharedData.testImage("grace_hopper.jpg");
        Region whole = detector.detect(file).get(0).box();
        ImageInput cropped = ImageInput.of(file).crop(new Region(100, 50, 350, 400));
        List<Face> faces = detector.detect(cropped);
        assertThat(faces).hasSize(1);
        Region inCrop = faces.get(0).box();
        Region back = new Region(inCrop.x() + 100, inCrop.y() + 50, inCrop.width(), inCrop.height());
        assertThat(back.iou(whole)).isGreaterThan(0.8);
    }

    @Test
    void facesCutByTheBorderAreFoundAndClipped() {
        // Grace Hopper's face is at x 172..357; cut the image at x = 260 so half the face is gone.
        BufferedImage img = ImageDecoder.read(SharedData.testImage("grace_hopper.jpg"));
        BufferedImage half = img.getSubimage(260, 0, img.getWidth() - 260, img.getHeight());
        for (FaceDetector detector : DETECTORS.values()) {
            List<Face> faces = detector.detect(half);
            assertThat(faces).as(detector.toString()).hasSizeLessThanOrEqualTo(1);
            for (Face f : faces) {
                assertThat(f.box().x()).isGreaterThanOrEqualTo(0);
                assertThat(f.box().right()).isLessThanOrEqualTo(half.getWidth());
                assertThat(f.box().bottom()).isLessThanOrEqualTo(half.getHeight());
            }
        }
    }

    @Test
    void blankTinyAndOddImagesGiveNoFacesAndNoCrash() {
        BufferedImage grey = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        BufferedImage onePixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage tall = new BufferedImage(3, 900, BufferedImage.TYPE_BYTE_GRAY);
        for (FaceDetector detector : DETECTORS.values()) {
            assertThat(detector.detect(grey)).as(detector + " grey").isEmpty();
            assertThat(detector.detect(onePixel)).as(detector + " 1x1").isEmpty();
            assertThat(detector.detect(tall)).as(detector + " 3x900").isEmpty();
        }
    }

    @Test
    void tinyFacesInALargeFrameDoNotCrash() {
        // face.jpg shrunk to a fifth and placed in a big empty frame: faces of 10-20 px.
        BufferedImage img = ImageDecoder.read(SharedData.testImage("face.jpg"));
        BufferedImage big = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        g.drawImage(img, 600, 300, img.getWidth() / 5, img.getHeight() / 5, null);
        g.dispose();
        for (FaceDetector detector : DETECTORS.values()) {
            List<Face> faces = detector.detect(big);
            assertThat(faces).as(detector.toString()).hasSizeLessThanOrEqualTo(4).allSatisfy(f -> {
                // Anything found is inside the pasted picture, never in the empty frame.
                assertThat(f.box().x()).isGreaterThan(590);
                assertThat(f.box().y()).isGreaterThan(290);
            });
        }
    }

    @Test
    void concurrentCallsGiveTheSameAnswer() throws Exception {
        FaceDetector detector = DETECTORS.get(FaceModel.YUNET);
        Path file = SharedData.testImage("face.jpg");
        List<Face> reference = detector.detect(file);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Face>>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> detector.detect(file)));
            }
            for (Future<List<Face>> f : futures) {
                assertThat(f.get()).isEqualTo(reference);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputAndBadOptionsGiveTypedErrors(@TempDir Path dir) throws Exception {
        Path notAnImage = Files.writeString(dir.resolve("notes.jpg"), "hello");
        assertThatThrownBy(() -> DETECTORS.get(FaceModel.ULTRAFACE_RFB_320).detect(notAnImage))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("notes.jpg");
        assertThatThrownBy(() -> FaceDetectorOptions.builder().model(FaceModel.YUNET).inputSize(300, 300).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 32");
        assertThatThrownBy(() -> FaceDetectorOptions.builder().inputSize(640, 480).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed input");
        assertThatThrownBy(() -> FaceDetector.open(FaceDetectorOptions.builder().modelDirectory(dir).cacheDirectory(dir.resolve("cache"))
                .downloadAllowed(false).build()))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("version-RFB-320.onnx");
        // A file with the right name but other bytes is never used.
        Files.copy(SharedData.models().resolve("face_detection_yunet_2026may.onnx"),
                dir.resolve("version-RFB-320.onnx"));
        assertThatThrownBy(() -> FaceDetector.open(FaceDetectorOptions.builder().modelDirectory(dir).cacheDirectory(dir.resolve("cache"))
                .downloadAllowed(false).build()))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("sha256");
    }

    @Test
    void yunetAtASmallerInputStillFindsTheFaces() {
        FaceDetector small = FaceDetector.open(FaceDetectorOptions.builder().model(FaceModel.YUNET)
                .inputSize(320, 320).build());
        try {
            assertThat(small.detect(SharedData.testImage("grace_hopper.jpg"))).hasSize(1);
            assertThat(small.detect(SharedData.testImage("face.jpg"))).hasSize(4);
            assertThat(small.detect(SharedData.testImage("cat.jpg"))).isEmpty();
        } finally {
            small.close();
        }
        small.close(); // idempotent
        assertThat(small.isClosed()).isTrue();
        assertThatThrownBy(() -> small.detect(SharedData.testImage("cat.jpg")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeUpRetryFindsFacesThatFillThePicture() {
        // Two close-up photos of the development test split on which UltraFace alone finds no face.
        List<Path> closeUps = List.of(SharedData.masks().resolve("test/with_mask/cd-facecrop_92.jpg"),
                SharedData.masks().resolve("test/without_mask/cd-rmfd_1_0_zhouxiuna_0009.jpg"));
        try (FaceDetector retrying = FaceDetector.open(FaceDetectorOptions.builder().closeUps(true).build())) {
            for (Path p : closeUps) {
                BufferedImage img = ImageDecoder.read(p);
                assertThat(DETECTORS.get(FaceModel.ULTRAFACE_RFB_320).detect(img)).as(p.toString()).isEmpty();
                List<Face> faces = retrying.detect(img);
                assertThat(faces).as(p.toString()).hasSize(1);
                Region b = faces.get(0).box();
                // The face fills much of the picture and its box stays inside it.
                assertThat(b.area()).as(p + " " + b).isGreaterThan(0.2 * img.getWidth() * img.getHeight());
                assertThat(b.x()).isGreaterThanOrEqualTo(0);
                assertThat(b.right()).isLessThanOrEqualTo(img.getWidth());
                assertThat(b.bottom()).isLessThanOrEqualTo(img.getHeight());
            }
            // A picture with a face found at once is not retried: same answer as without the option.
            assertThat(retrying.detect(SharedData.testImage("face.jpg")))
                    .isEqualTo(DETECTORS.get(FaceModel.ULTRAFACE_RFB_320).detect(SharedData.testImage("face.jpg")));
            assertThat(retrying.detect(SharedData.testImage("cat.jpg"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(FaceModel.class)
    void keepingTheAspectRatioFindsTheSameFaces(FaceModel model) {
        try (FaceDetector kept = FaceDetector.open(FaceDetectorOptions.builder().model(model).keepAspectRatio(true)
                .build())) {
            for (String image : List.of("face.jpg", "grace_hopper.jpg", "cat.jpg")) {
                List<Face> squashed = DETECTORS.get(model).detect(SharedData.testImage(image));
                List<Face> faces = kept.detect(SharedData.testImage(image));
                assertThat(faces).as(model + " " + image).hasSameSizeAs(squashed);
                for (Face f : squashed) {
                    assertThat(faces).as(model + " " + image + " " + f.box())
                            .anySatisfy(g -> assertThat(g.box().iou(f.box())).isGreaterThan(0.75));
                }
            }
        }
    }

    @Test
    void rgbRawFrameWorks() {
        BufferedImage img = ImageDecoder.read(SharedData.testImage("grace_hopper.jpg"));
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        RawFrame frame = RawFrame.packed(PixelFormat.RGB, w, h, rgb);
        assertThat(DETECTORS.get(FaceModel.YUNET).detect(frame)).hasSize(1);
    }
}
