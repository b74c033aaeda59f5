package io.github.mask4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face path (detect, crop, classify) against whole-frame classification and the zero-training masked-face
 * model, on the development test split and on the sample clips' labelled frames. The figures are logged and
 * written to {@code target/face-agreement.txt}.
 */
class MaskDetectorTest {
    private static final Logger LOG = LoggerFactory.getLogger(MaskDetectorTest.class);
    private static final TrainingOptions TRAINING = TrainingOptions.builder().seed(7).build();

    private static FaceDetector faces;
    private static FaceDetector closeUpFaces;
    private static FaceDetector letterboxFaces;
    private static MaskDetector letterboxPath;
    private static MaskDetector closeUpPath;
    private static MaskDetector facePath;
    private static MaskDetector pretrained;
    private static Classifier wholeImage;
    private static FaceCrops.Result trainCrops;
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    @BeforeAll
    static void train() {
        FeatureExtractor mobilenet = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        faces = FaceDetector.open();
        trainCrops = FaceCrops.cropToLargestFace(faces, SharedData.masksTrain(), MaskDetector.DEFAULT_MARGIN);
        Classifier onFaces = mobilenet.classification();
        onFaces.addImages(trainCrops.images());
        onFaces.train(TRAINING);
        facePath = MaskDetector.of(faces, onFaces);
        closeUpFaces = FaceDetector.open(FaceDetectorOptions.builder().closeUps(true).build());
        closeUpPath = MaskDetector.of(closeUpFaces, onFaces);
        letterboxFaces = FaceDetector.open(FaceDetectorOptions.builder().keepAspectRatio(true).build());
        letterboxPath = MaskDetector.of(letterboxFaces, onFaces);
        wholeImage = mobilenet.classification();
        wholeImage.addImages(SharedData.masksTrain());
        wholeImage.train(TRAINING);
        pretrained = MaskDetector.pretrained();
        FIGURES.put("train images with a face (UltraFace, close-up retry)", trainCrops.facesFound() + " / " + trainCrops.total()
                + " (kept whole: " + trainCrops.wholeImages().size() + ")");
    }

    @AfterAll
    static void close() throws IOException {
        pretrained.close();
        faces.close();
        closeUpFaces.close();
        letterboxFaces.close();
        StringBuilder sb = new StringBuilder();
        FIGURES.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        LOG.info("face agreement figures:\n{}", sb);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("face-agreement.txt"), sb.toString());
        }
    }

    /** The sample clips' frames labelled with_mask or without_mask (transition and no_face rows are skipped). */
    private static List<LabelledImage> labelledFrames() throws IOException {
        Path video = SharedData.video();
        List<LabelledImage> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(video.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length == 4 && (f[3].equals(MaskDetector.WITH_MASK) || f[3].equals(MaskDetector.WITHOUT_MASK))) {
                out.add(LabelledImage.of(video.resolve("frames").resolve(f[0]).resolve(f[1]), f[3]));
            }
        }
        return out;
    }

    /** The label of the largest face, or empty when no face was found (which counts as a disagreement). */
    private static Optional<String> largestFaceLabel(MaskDetector detector, ImageInput image) {
        return detector.detect(image).stream().max(Comparator.comparingDouble(r -> r.box().area()))
                .map(FaceResult::label);
    }

    private record Agreement(int agree, int noFace, int total, List<String> misses) {
        double rate() {
            return (double) agree / total;
        }

        /** Agreement on the images where a face was found. */
        double rateWithFace() {
            return total == noFace ? 0 : (double) agree / (total - noFace);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d / %d = %.1f%% (no face found on %d)%s", agree, total, 100 * rate(),
                    noFace, misses.isEmpty() ? "" : "; misses: " + String.join(", ", misses));
        }
    }

    private static Agreement agreement(List<LabelledImage> images, Function<ImageInput, Optional<String>> predict) {
        int agree = 0;
        int noFace = 0;
        List<String> misses = new ArrayList<>();
        for (LabelledImage li : images) {
            Optional<String> label = predict.apply(li.image());
            Path file = ((ImageInput.File) li.image()).path();
            String name = file.getParent().getFileName() + "/" + file.getFileName();
            if (label.isEmpty()) {
                noFace++;
                misses.add(name + " (no face)");
            } else if (label.get().equals(li.label())) {
                agree++;
            } else {
                misses.add(name + " -> " + label.get());
            }
        }
        return new Agreement(agree, noFace, images.size(), misses);
    }

    @Test
    void facePathAgreesWithTheClipLabelsOnAtLeast90PercentOfFrames() throws IOException {
        List<LabelledImage> frames = labelledFrames();
        assertThat(frames).hasSize(100);
        Agreement face = agreement(frames, img -> largestFaceLabel(facePath, img));
        Agreement whole = agreement(frames, img -> Optional.of(wholeImage.classify(img).label()));
        Agreement zero = agreement(frames, img -> largestFaceLabel(pretrained, img));
        Agreement letterbox = agreement(frames, img -> largestFaceLabel(letterboxPath, img));
        FIGURES.put("clip frames, face path (UltraFace + MobileNetV2 head on face crops)", face.toString());
        FIGURES.put("clip frames, face path with keepAspectRatio", letterbox.toString());
        FIGURES.put("clip frames, whole-frame classification (MobileNetV2 head on whole images)", whole.toString());
        FIGURES.put("clip frames, zero-training masked-face RFB-640", zero.toString());
        assertThat(face.rate()).as("face path on the clip frames: " + face).isGreaterThanOrEqualTo(0.9);
        assertThat(letterbox.rate()).as("face path, aspect kept, on the clip frames: " + letterbox)
                .isGreaterThanOrEqualTo(0.9);
    }

    /** The image scaled to {@code height} pixels high. */
    private static BufferedImage scaled(Path file, int height) {
        BufferedImage src = ImageDecoder.read(file);
        int width = Math.max(1, src.getWidth() * height / src.getHeight());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static Path file(LabelledImage li) {
        return ((ImageInput.File) li.image()).path();
    }

    @Test
    void twoPeopleInViewEachGetTheirOwnLabel() throws IOException {
        // Side by side: a masked person (left) and an unmasked one (right), from different clips.
        List<LabelledImage> frames = labelledFrames();
        List<LabelledImage> masked = frames.stream().filter(f -> f.label().equals(MaskDetector.WITH_MASK)).toList();
        List<LabelledImage> bare = frames.stream().filter(f -> f.label().equals(MaskDetector.WITHOUT_MASK)).toList();
        int pairs = 12;
        int facePathRight = 0;
        int letterboxRight = 0;
        int wholeFrameRight = 0;
        int zeroRight = 0;
        for (int i = 0; i < pairs; i++) {
            // Spread over the lists so every clip takes part.
            BufferedImage left = scaled(file(masked.get(i * masked.size() / pairs)), 240);
            BufferedImage right = scaled(file(bare.get(i * bare.size() / pairs)), 240);
            BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), 240,
                    BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = both.createGraphics();
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
            g.dispose();
            facePathRight += peopleRight(facePath.detect(both), left.getWidth());
            letterboxRight += peopleRight(letterboxPath.detect(both), left.getWidth());
            zeroRight += peopleRight(pretrained.detect(both), left.getWidth());
            // One label for the whole frame: right for exactly one of the two people, whichever it says.
            String whole = wholeImage.classify(both).label();
            assertThat(whole).isIn(MaskDetector.WITH_MASK, MaskDetector.WITHOUT_MASK);
            wholeFrameRight += 1;
        }
        FIGURES.put("two people side by side (" + pairs + " composites, about 850x240), people labelled right: "
                + "face path (frame squashed to 320x240)", facePathRight + " / " + 2 * pairs);
        FIGURES.put("two people side by side, face path with keepAspectRatio", letterboxRight + " / " + 2 * pairs);
        FIGURES.put("two people side by side, zero-training masked-face RFB-640", zeroRight + " / " + 2 * pairs);
        FIGURES.put("two people side by side, whole-frame classification (one label per frame: one person right by construction)",
                wholeFrameRight + " / " + 2 * pairs);
        // Squashing a 3.5:1 frame into 4:3 makes faces too narrow for UltraFace; keeping the proportions fixes it.
        assertThat(letterboxRight).as("face path (aspect kept) on two-person frames")
                .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * 2 * pairs));
    }

    /** People labelled right in a composite: the largest face on each side must carry that side's label. */
    private static int peopleRight(List<FaceResult> results, int split) {
        int right = 0;
        Optional<FaceResult> l = results.stream().filter(r -> r.box().x() + r.box().width() / 2 < split)
                .max(Comparator.comparingDouble(r -> r.box().area()));
        Optional<FaceResult> r = results.stream().filter(x -> x.box().x() + x.box().width() / 2 >= split)
                .max(Comparator.comparingDouble(x -> x.box().area()));
        if (l.isPresent() && l.get().label().equals(MaskDetector.WITH_MASK)) {
            right++;
        }
        if (r.isPresent() && r.get().label().equals(MaskDetector.WITHOUT_MASK)) {
            right++;
        }
        return right;
    }

    @Test
    void aFaceFarFromTheCamera() throws IOException {
        // Each labelled frame at half size in the middle of a grey canvas twice as large: the person is far away.
        List<LabelledImage> far = new ArrayList<>();
        for (LabelledImage li : labelledFrames()) {
            BufferedImage src = ImageDecoder.read(file(li));
            BufferedImage canvas = new BufferedImage(src.getWidth() * 2, src.getHeight() * 2,
                    BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = canvas.createGraphics();
            g.setColor(new java.awt.Color(127, 127, 127));
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int w = src.getWidth() / 2;
            int h = src.getHeight() / 2;
            g.drawImage(src, (canvas.getWidth() - w) / 2, (canvas.getHeight() - h) / 2, w, h, null);
            g.dispose();
            ImageInput in = ImageInput.of(canvas);
            far.add(new LabelledImage(in, li.label()));
        }
        int face = 0;
        int noFace = 0;
        int whole = 0;
        for (LabelledImage li : far) {
            Optional<String> label = largestFaceLabel(facePath, li.image());
            noFace += label.isEmpty() ? 1 : 0;
            face += label.filter(li.label()::equals).isPresent() ? 1 : 0;
            whole += wholeImage.classify(li.image()).label().equals(li.label()) ? 1 : 0;
        }
        FIGURES.put("far from the camera (frames at half size in a 2x grey canvas), face path",
                face + " / " + far.size() + " (no face found on " + noFace + ")");
        FIGURES.put("far from the camera, whole-frame classification", whole + " / " + far.size());
        assertThat(face).as("face path on far faces").isGreaterThanOrEqualTo(whole);
    }

    @Test
    void developmentTestSplitForAllThreePaths() {
        List<LabelledImage> test = SharedData.masksTest();
        Agreement face = agreement(test, img -> largestFaceLabel(facePath, img));
        MaskDetector withFallback = facePath.withWholeImageFallback();
        Agreement fallback = agreement(test, img -> largestFaceLabel(withFallback, img));
        Agreement whole = agreement(test, img -> Optional.of(wholeImage.classify(img).label()));
        Agreement zero = agreement(test, img -> largestFaceLabel(pretrained, img));
        FIGURES.put("dev test split, face path", face.toString());
        FIGURES.put("dev test split, face path with whole-image fallback", fallback.toString());
        Agreement closeUps = agreement(test, img -> largestFaceLabel(closeUpPath, img));
        FIGURES.put("dev test split, face path with close-up retry", closeUps.toString());
        FIGURES.put("dev test split, whole-image classification", whole.toString());
        FIGURES.put("dev test split, zero-training masked-face RFB-640", zero.toString());
        // The split is close-cropped faces: whole-image classification is at home there; the face path must
        // not lose much by cropping again.
        assertThat(whole.rate()).as("whole image on the dev split: " + whole).isGreaterThanOrEqualTo(0.95);
        // Its photos are close-ups, where UltraFace often finds no face; where it does, the label must be right.
        assertThat(face.rateWithFace()).as("face path on the dev split: " + face).isGreaterThanOrEqualTo(0.95);
        assertThat(fallback.noFace()).isZero();
        assertThat(fallback.rate()).as("face path with fallback: " + fallback).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void everyFaceOfAGroupPhotoIsClassifiedUnmasked() {
        Path group = SharedData.testImage("face.jpg");
        List<FaceResult> trained = facePath.detect(group);
        List<FaceResult> zero = pretrained.detect(group);
        assertThat(trained).hasSize(4);
        assertThat(zero).hasSize(4).allSatisfy(r -> assertThat(r.label()).isEqualTo(MaskDetector.WITHOUT_MASK));
        for (FaceResult r : trained) {
            assertThat(r.crop().width()).isGreaterThanOrEqualTo(r.box().width());
            assertThat(r.crop().x()).isGreaterThanOrEqualTo(0);
            assertThat(r.crop().right()).isLessThanOrEqualTo(512);
            assertThat(r.confidence()).isBetween(0.0, 1.0);
            assertThat(facePath.labels()).contains(r.label());
        }
        long unmasked = trained.stream().filter(r -> r.label().equals(MaskDetector.WITHOUT_MASK)).count();
        FIGURES.put("face.jpg (4 unmasked people), face path says without_mask for", unmasked + " / 4");
        assertThat(unmasked).as("unmasked faces labelled without_mask").isGreaterThanOrEqualTo(3);
        assertThat(facePath.detect(SharedData.testImage("cat.jpg"))).isEmpty();
        assertThat(pretrained.detect(SharedData.testImage("cat.jpg"))).isEmpty();
    }

    @Test
    void faceCutByTheBorderIsCroppedInsideTheFrame() {
        BufferedImage img = ImageDecoder.read(SharedData.testImage("grace_hopper.jpg"));
        BufferedImage cut = img.getSubimage(0, 200, img.getWidth(), img.getHeight() - 200);
        for (FaceResult r : facePath.detect(cut)) {
            assertThat(r.crop().y()).isGreaterThanOrEqualTo(0);
            assertThat(r.crop().bottom()).isLessThanOrEqualTo(cut.getHeight());
            assertThat(r.label()).isIn(MaskDetector.WITH_MASK, MaskDetector.WITHOUT_MASK);
        }
    }

    @Test
    void aTrackedFaceKeepsItsIdThroughAClipAndItsSmoothedLabelFollowsTheMask() throws IOException {
        // putting-on-mask-a: frame 1 unmasked, 2-3 the mask going on, 4-19 masked.
        Path dir = SharedData.video().resolve("frames").resolve("putting-on-mask-a");
        FaceTracker tracker = new FaceTracker();
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        List<String> raw = new ArrayList<>();
        List<String> smoothed = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            List<TrackedFace> tracked = tracker.update(facePath.detect(dir.resolve(String.format("frame_%03d.jpg", i))));
            assertThat(tracked).as("frame " + i).hasSizeLessThanOrEqualTo(1);
            for (TrackedFace t : tracked) {
                ids.add(t.id());
                raw.add(t.face().label());
                smoothed.add(t.label());
                assertThat(t.confidence()).isBetween(0.0, 1.0);
            }
        }
        FIGURES.put("putting-on-mask-a tracked: ids " + ids + ", raw labels", String.join(" ", raw));
        FIGURES.put("putting-on-mask-a tracked: smoothed labels", String.join(" ", smoothed));
        assertThat(ids).as("one person, one id").hasSize(1);
        assertThat(raw).hasSizeGreaterThanOrEqualTo(17);
        assertThat(smoothed.get(smoothed.size() - 1)).isEqualTo(MaskDetector.WITH_MASK);
        assertThat(changes(smoothed)).isLessThanOrEqualTo(Math.min(1, changes(raw)));
    }

    private static int changes(List<String> labels) {
        int n = 0;
        for (int i = 1; i < labels.size(); i++) {
            if (!labels.get(i).equals(labels.get(i - 1))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void squareCropAddsTheMarginAndStaysInTheImage() {
        Region crop = MaskDetector.squareCrop(new Region(100, 100, 40, 60), 0.2, 1000, 1000);
        assertThat(crop.width()).isEqualTo(84.0);
        assertThat(crop.height()).isEqualTo(84.0);
        assertThat(crop.x() + crop.width() / 2).isEqualTo(120.0);
        Region corner = MaskDetector.squareCrop(new Region(0, 0, 50, 50), 0.2, 100, 100);
        assertThat(corner.x()).isZero();
        assertThat(corner.y()).isZero();
        assertThat(corner.width()).isEqualTo(60.0); // -10..60 clipped to 0..60
    }

    @Test
    void untrainedClassifierAndWrongZeroTrainingModelAreRefused() {
        Classifier untrained = SharedData.extractor(BuiltinModel.MOBILENET_V2).classification();
        assertThatThrownBy(() -> MaskDetector.of(faces, untrained)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not trained");
        assertThatThrownBy(() -> MaskDetector.pretrained(faces)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("masked_face_rfb_640");
    }

    @Test
    void faceCropsFallBackToTheWholeImageWithoutAFace() {
        List<LabelledImage> set = List.of(LabelledImage.of(SharedData.testImage("cat.jpg"), "cat"),
                LabelledImage.of(SharedData.testImage("grace_hopper.jpg"), "person"));
        FaceCrops.Result r = FaceCrops.cropToLargestFace(faces, set, 0.2);
        assertThat(r.facesFound()).isEqualTo(1);
        assertThat(r.wholeImages()).containsExactly(SharedData.testImage("cat.jpg").toString());
        assertThat(r.images().get(0).image()).isInstanceOf(ImageInput.File.class);
        assertThat(r.images().get(1).image()).isInstanceOf(ImageInput.Cropped.class);
        assertThat(r.images().get(1).label()).isEqualTo("person");
        Classification c = facePath.classifier().orElseThrow().classify(r.images().get(1).image());
        assertThat(c.label()).isIn(MaskDetector.WITH_MASK, MaskDetector.WITHOUT_MASK);
    }
}
