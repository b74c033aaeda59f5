package io.github.mask4j.face;

import io.github.mask4j.BatchResult;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.face.DecodedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a training set into a face-crop training set: each image becomes the square around its largest face
 * (the same crop {@link MaskDetector} classifies), so training and inference see the same kind of input. A photo
 * where no face is found is tried again as a close-up ({@link FaceDetectorOptions#closeUps()}); if there is still
 * none it is kept whole and reported.
 *
 * <pre>{@code
 * FaceCrops.Result crops = FaceCrops.cropToLargestFace(detector, LabelledImage.fromDirectory(dir),
 *         MaskDetector.DEFAULT_MARGIN);
 * classifier.addImages(crops.images());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FaceCrops {
    private static final Logger LOG = LoggerFactory.getLogger(FaceCrops.class);

    private FaceCrops() {}

    /**
     * What {@link #cropToLargestFace} made. Immutable and thread-safe.
     *
     * @param images the cropped (or, without a face, whole) images, in input order, labels unchanged
     * @param facesFound how many images had a face
     * @param wholeImages sources of the images kept whole because no face was found
     * @param failures the images that could not be read, in input order; they are not in {@code images}
     */
    public record Result(List<LabelledImage> images, int facesFound, List<String> wholeImages,
            List<BatchResult.Failure<LabelledImage>> failures) {
        public Result {
            images = List.copyOf(images);
            wholeImages = List.copyOf(wholeImages);
            failures = List.copyOf(failures);
        }

        /** Number of images that could be read (cropped or whole). */
        public int total() {
            return images.size();
        }
    }

    /**
     * Crops every image to its largest face plus {@code margin} (fraction of the face's longer side on each
     * side). Images are read lazily again at training time; only the detection reads them here. An image that
     * cannot be read is reported in {@link Result#failures()} and left out.
     */
    public static Result cropToLargestFace(FaceDetector detector, List<LabelledImage> images, double margin) {
        List<LabelledImage> out = new ArrayList<>(images.size());
        List<String> whole = new ArrayList<>();
        List<BatchResult.Failure<LabelledImage>> failures = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < images.size(); i++) {
            LabelledImage li = images.get(i);
            DecodedImage decoded;
            try {
                decoded = DecodedImage.of(li.image());
            } catch (InvalidImageException e) {
                failures.add(new BatchResult.Failure<>(i, li.image().source(), e));
                continue;
            }
            List<Face> detected = detector.detect(decoded);
            if (detected.isEmpty()) {
                detected = detector.detectCloseUp(decoded);
            }
            Optional<Region> face = FaceDetector.largest(detected).map(Face::box);
            if (face.isPresent()) {
                found++;
                Region crop = MaskDetector.squareCrop(face.get(), margin, decoded.width(), decoded.height());
                out.add(new LabelledImage(li.image().crop(crop), li.label()));
            } else {
                whole.add(li.image().source());
                out.add(li);
            }
        }
        LOG.info("face crops: {} of {} images had a face; {} kept whole, {} unreadable", found, images.size(),
                whole.size(), failures.size());
        return new Result(out, found, whole, failures);
    }
}
