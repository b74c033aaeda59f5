package io.github.mask4j.face;

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
     */
    public record Result(List<LabelledImage> images, int facesFound, List<String> wholeImages) {
        public Result {
            images = List.copyOf(images);
            wholeImages = List.copyOf(wholeImages);
        }

        public int total() {
            return images.size();
        }
    }

    /**
     * Crops every image to its largest face plus {@code margin} (fraction of the face's longer side on each
     * side). Images are read lazily again at training time; only the detection reads them here.
     *
     * @throws io.github.mask4j.InvalidImageException when an image cannot be read
     */
    public static Result cropToLargestFace(FaceDetector detector, List<LabelledImage> images, double margin) {
        List<LabelledImage> out = new ArrayList<>(images.size());
        List<String> whole = new ArrayList<>();
        int found = 0;
        for (LabelledImage li : images) {
            DecodedImage decoded = DecodedImage.of(li.image());
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
        LOG.info("face crops: {} of {} images had a face; {} kept whole", found, images.size(), whole.size());
        return new Result(out, found, whole);
    }
}
