package io.github.mask4j.face;

import io.github.mask4j.image.Region;
import java.util.List;
import java.util.Objects;

/**
 * One face found and classified by a {@link MaskDetector}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param box the face's bounding box in image pixels
 * @param detectionScore the face detector's confidence, 0..1
 * @param label the class of the face, e.g. {@code with_mask} / {@code without_mask}
 * @param confidence the classifier's confidence in {@code label}, 0..1
 * @param crop the square (clipped to the image) the classifier saw
 * @param landmarks the detector's landmarks, empty when it gives none
 */
public record FaceResult(Region box, double detectionScore, String label, double confidence, Region crop,
        List<Point> landmarks) {
    public FaceResult {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(crop, "crop");
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
    }
}
