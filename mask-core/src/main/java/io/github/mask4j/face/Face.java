package io.github.mask4j.face;

import io.github.mask4j.image.Region;
import java.util.List;
import java.util.Objects;

/**
 * One face found by a {@link FaceDetector}, in the pixels of the image it was found in.
 *
 * <p>Immutable and thread-safe.
 *
 * @param box the face's bounding box, clipped to the image
 * @param score detection confidence, 0..1
 * @param landmarks the eyes, nose tip and mouth corners (YuNet), or empty when the model gives none
 * @param detectorLabel the detector's class for the face: {@code face}, or {@code masked_face} from
 *     {@link FaceModel#MASKED_FACE_RFB_640}
 */
public record Face(Region box, double score, List<Point> landmarks, String detectorLabel) {
    public Face {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(detectorLabel, "detectorLabel");
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
    }
}
