package io.github.mask4j.face;

import io.github.mask4j.BatchResult;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.face.DecodedImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds every face in a frame and classifies each one: a {@link FaceDetector} followed by a trained
 * {@link Classifier} on a square crop around each face (with a margin, clipped to the frame). Train the classifier
 * on face crops too ({@link FaceCrops#cropToLargestFace}) so training and inference see the same kind of input.
 *
 * <pre>{@code
 * try (FaceDetector faces = FaceDetector.open()) {
 *     MaskDetector masks = MaskDetector.of(faces, classifier);
 *     for (FaceResult r : masks.detect(ImageInput.of(Path.of("room.jpg")))) {
 *         System.out.println(r.box() + " " + r.label() + " " + r.confidence());
 *     }
 * }
 * }</pre>
 *
 * <p>Zero-training mode: {@link #pretrained()} uses the UltraFace masked-face detector, whose two face classes
 * map to {@value #WITH_MASK} ({@code masked_face}) and {@value #WITHOUT_MASK} ({@code face}).
 *
 * <p>Thread-safe: {@link #detect} may be called from many threads at once (the detector and classifier are).
 * It closes only what it opened itself ({@link #pretrained()}); borrowed detectors and classifiers stay open.
 */
public final class MaskDetector implements AutoCloseable {
    /** Margin added on each side of a face box, as a fraction of its longer side. */
    public static final double DEFAULT_MARGIN = 0.2;
    public static final String WITH_MASK = "with_mask";
    public static final String WITHOUT_MASK = "without_mask";

    private final FaceDetector detector;
    private final Classifier classifier;
    private final double margin;
    private final boolean ownsDetector;
    private final boolean wholeImageFallback;

    private MaskDetector(FaceDetector detector, Classifier classifier, double margin, boolean ownsDetector) {
        this(detector, classifier, margin, ownsDetector, false);
    }

    private MaskDetector(FaceDetector detector, Classifier classifier, double margin, boolean ownsDetector,
            boolean wholeImageFallback) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.classifier = classifier;
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("margin must be in [0, 2], got " + margin);
        }
        this.margin = margin;
        this.ownsDetector = ownsDetector;
        this.wholeImageFallback = wholeImageFallback;
    }

    /**
     * The same detector, but an image where no face is found is classified whole and reported as one result
     * whose box is the whole image and whose detection score is 0 (for close-ups where the face fills the frame,
     * which detectors trained on scenes often miss). Needs a classifier; the returned object borrows everything.
     */
    public MaskDetector withWholeImageFallback() {
        if (classifier == null) {
            throw new IllegalStateException("the whole-image fallback needs a trained classifier");
        }
        return new MaskDetector(detector, classifier, margin, false, true);
    }

    /** Whether an image without a face is classified whole ({@link #withWholeImageFallback()}). */
    public boolean wholeImageFallback() {
        return wholeImageFallback;
    }

    /** Face detector plus trained classifier, with the default margin; both are borrowed. */
    public static MaskDetector of(FaceDetector detector, Classifier classifier) {
        return of(detector, classifier, DEFAULT_MARGIN);
    }

    /** Face detector plus trained classifier; {@code margin} is added on each side of a face (fraction of it). */
    public static MaskDetector of(FaceDetector detector, Classifier classifier, double margin) {
        Objects.requireNonNull(classifier, "classifier");
        if (!classifier.isTrained()) {
            throw new IllegalStateException("the classifier is not trained; train it (on face crops) first");
        }
        return new MaskDetector(detector, classifier, margin, false);
    }

    /** The label a frame gets when no face was found in it (not a class: nobody was in view). */
    public static final String NO_FACE = "no_face";

    /** The largest face of a result list, by box area: the one a single-person frame is about. */
    public static Optional<FaceResult> largest(List<FaceResult> faces) {
        return FaceDetector.largest(faces, FaceResult::box);
    }

    /** Zero training: opens the UltraFace masked-face detector (closed with this object). */
    public static MaskDetector pretrained() {
        return new MaskDetector(FaceDetector.open(FaceModel.MASKED_FACE_RFB_640), null, DEFAULT_MARGIN, true);
    }

    /** Zero training over an open masked-face detector (borrowed). */
    public static MaskDetector pretrained(FaceDetector maskedFaceDetector) {
        if (maskedFaceDetector.model() != FaceModel.MASKED_FACE_RFB_640) {
            throw new IllegalArgumentException("zero-training mode needs the " + FaceModel.MASKED_FACE_RFB_640.id()
                    + " detector, got " + maskedFaceDetector.model().id());
        }
        return new MaskDetector(maskedFaceDetector, null, DEFAULT_MARGIN, false);
    }

    public FaceDetector detector() {
        return detector;
    }

    /** The classifier, or empty in zero-training mode. */
    public Optional<Classifier> classifier() {
        return Optional.ofNullable(classifier);
    }

    public double margin() {
        return margin;
    }

    /** Whether this uses the masked-face detector's own classes instead of a trained classifier. */
    public boolean isPretrained() {
        return classifier == null;
    }

    /** The labels results can carry. */
    public List<String> labels() {
        return classifier == null ? List.of(WITH_MASK, WITHOUT_MASK) : classifier.labels();
    }

    /**
     * Every face in the image with its label, best detection first; an empty list when there is no face. The
     * image is decoded once for detection and all crops.
     *
     * @throws io.github.mask4j.InvalidImageException when the image cannot be read
     */
    public List<FaceResult> detect(ImageInput image) {
        Found found = find(image);
        if (classifier == null || found.inputs().isEmpty()) {
            return found.results(List.of());
        }
        // crops of pixels already decoded: none can fail to read
        return found.results(classifier.classify(found.inputs()).valuesOrThrow());
    }

    /**
     * {@link #detect(ImageInput)} on each image, in input order; an image that cannot be read is a failure
     * carrying its {@link io.github.mask4j.InvalidImageException}, and the others are still detected. Faces are
     * found image by image; the crops of all the images are classified together, in batches of the extractor's
     * size, so a list of frames costs fewer model calls than the frames one by one.
     */
    public BatchResult<List<FaceResult>> detect(List<? extends ImageInput> images) {
        List<Found> found = new ArrayList<>(images.size());
        List<InvalidImageException> errors = new ArrayList<>(images.size());
        List<ImageInput> crops = new ArrayList<>();
        for (ImageInput image : images) {
            try {
                Found f = find(image);
                found.add(f);
                errors.add(null);
                crops.addAll(f.inputs());
            } catch (InvalidImageException e) {
                found.add(null);
                errors.add(e);
            }
        }
        // crops of pixels already decoded: none can fail to read
        List<Classification> classes = classifier == null || crops.isEmpty() ? List.of()
                : classifier.classify(crops).valuesOrThrow();
        BatchResult.Builder<List<FaceResult>> out = BatchResult.builder();
        int next = 0;
        for (int i = 0; i < images.size(); i++) {
            Found f = found.get(i);
            if (f == null) {
                out.failure(images.get(i).source(), errors.get(i));
                continue;
            }
            int n = classifier == null ? 0 : f.inputs().size();
            out.success(images.get(i).source(), f.results(classes.subList(next, next + n)));
            next += n;
        }
        return out.build();
    }

    /**
     * An image's faces and, with a classifier, the crops to classify: one per face, or the whole image when no
     * face was found and the whole-image fallback is on.
     */
    private record Found(List<Face> faces, List<Region> crops, List<ImageInput> inputs, Region whole) {
        /** The results, given the classifications of {@link #inputs} (empty in zero-training mode). */
        List<FaceResult> results(List<Classification> classes) {
            List<FaceResult> results = new ArrayList<>(faces.size());
            if (whole != null) {
                Classification c = classes.get(0);
                results.add(new FaceResult(whole, 0, c.label(), c.confidence(), whole, List.of()));
                return results;
            }
            for (int i = 0; i < faces.size(); i++) {
                Face f = faces.get(i);
                if (classes.isEmpty()) {
                    String label = FaceModel.MASKED_FACE.equals(f.detectorLabel()) ? WITH_MASK : WITHOUT_MASK;
                    // The detector's class probability is its confidence in the label.
                    results.add(new FaceResult(f.box(), f.score(), label, f.score(), crops.get(i), f.landmarks()));
                } else {
                    Classification c = classes.get(i);
                    results.add(new FaceResult(f.box(), f.score(), c.label(), c.confidence(), crops.get(i),
                            f.landmarks()));
                }
            }
            return results;
        }
    }

    private Found find(ImageInput image) {
        DecodedImage decoded = DecodedImage.of(image);
        List<Face> faces = detector.detect(decoded);
        List<Region> crops = new ArrayList<>(faces.size());
        for (Face f : faces) {
            crops.add(squareCrop(f.box(), margin, decoded.width(), decoded.height()));
        }
        if (classifier == null) {
            return new Found(faces, crops, List.of(), null);
        }
        if (faces.isEmpty() && wholeImageFallback) {
            Region all = new Region(0, 0, decoded.width(), decoded.height());
            return new Found(faces, crops, List.of(decoded.crop(all)), all);
        }
        List<ImageInput> inputs = new ArrayList<>(crops.size());
        for (Region c : crops) {
            inputs.add(decoded.crop(c));
        }
        return new Found(faces, crops, inputs, null);
    }

    public List<FaceResult> detect(Path image) {
        return detect(ImageInput.of(image));
    }

    public List<FaceResult> detect(BufferedImage image) {
        return detect(ImageInput.of(image));
    }

    /**
     * A square around {@code box}, {@code margin} of its longer side added on each side, clipped to the image
     * (so at a border it is no longer square; the classifier's centre crop copes).
     */
    public static Region squareCrop(Region box, double margin, double imageWidth, double imageHeight) {
        double side = Math.max(box.width(), box.height()) * (1 + 2 * margin);
        double cx = box.x() + box.width() / 2;
        double cy = box.y() + box.height() / 2;
        double x0 = Math.max(0, cx - side / 2);
        double y0 = Math.max(0, cy - side / 2);
        double x1 = Math.min(imageWidth, cx + side / 2);
        double y1 = Math.min(imageHeight, cy + side / 2);
        if (x1 - x0 < 1 || y1 - y0 < 1) {
            return box;
        }
        return new Region(x0, y0, x1 - x0, y1 - y0);
    }

    /** Closes the detector if this object opened it ({@link #pretrained()}); idempotent. */
    @Override
    public void close() {
        if (ownsDetector) {
            detector.close();
        }
    }
}
