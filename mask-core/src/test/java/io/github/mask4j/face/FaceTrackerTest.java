package io.github.mask4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Region;
import io.github.mask4j.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IoU tracker on real detections of a moving group photo, and its label smoothing. */
class FaceTrackerTest {

    private static FaceResult result(Face f, String label, double confidence) {
        return new FaceResult(f.box(), f.score(), label, confidence, f.box(), f.landmarks());
    }

    @Test
    void fourPeopleKeepTheirIdsWhileTheCameraPans() {
        try (FaceDetector detector = FaceDetector.open()) {
            FaceTracker tracker = new FaceTracker();
            ImageInput photo = ImageInput.of(SharedData.testImage("face.jpg"));
            Map<Integer, Region> firstBoxById = new HashMap<>();
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            // A 460x330 window panning 6 px per frame over the 512x355 photo: faces drift left in the frame.
            for (int frame = 0; frame < 8; frame++) {
                int dx = 6 * frame;
                List<FaceResult> faces = new ArrayList<>();
                for (Face f : detector.detect(photo.crop(new Region(dx, 10, 460, 330)))) {
                    faces.add(result(f, "without_mask", 0.9));
                }
                List<TrackedFace> tracked = tracker.update(faces);
                for (TrackedFace t : tracked) {
                    // Back in photo coordinates, each id must stay on the same person.
                    Region inPhoto = new Region(t.face().box().x() + dx, t.face().box().y() + 10,
                            t.face().box().width(), t.face().box().height());
                    // A face being cut by the window's edge shrinks, so only whole faces are compared.
                    boolean whole = t.face().box().x() > 2 && t.face().box().right() < 458;
                    ids.add(t.id());
                    if (!whole) {
                        continue;
                    }
                    Region first = firstBoxById.putIfAbsent(t.id(), inPhoto);
                    if (first != null) {
                        assertThat(first.iou(inPhoto)).as("id " + t.id() + " frame " + frame).isGreaterThan(0.5);
                    }
                }
            }
            // The people at the edges (x 7..50 and 439..489) are cut by the window; the middle two always persist.
            assertThat(ids).as("one id per person").hasSize(4);
            assertThat(tracker.trackCount()).isBetween(3, 4);
        }
    }

    @Test
    void oneOddFrameDoesNotFlipTheLabelButAPersistentChangeDoes() {
        try (FaceDetector detector = FaceDetector.open()) {
            Face face = detector.detect(SharedData.testImage("grace_hopper.jpg")).get(0);
            FaceTracker tracker = new FaceTracker(TrackerOptions.builder().window(5).build());
            String[] raw = {"without_mask", "without_mask", "with_mask", "without_mask", "with_mask", "with_mask",
                "with_mask", "with_mask"};
            List<String> shown = new ArrayList<>();
            int id = -1;
            for (String label : raw) {
                TrackedFace t = tracker.update(List.of(result(face, label, 0.8))).get(0);
                id = id < 0 ? t.id() : id;
                assertThat(t.id()).isEqualTo(id);
                shown.add(t.label());
            }
            // Votes in the window reach 3 of 5 for with_mask at the sixth frame.
            assertThat(shown).containsExactly("without_mask", "without_mask", "without_mask", "without_mask",
                    "without_mask", "with_mask", "with_mask", "with_mask");
        }
    }

    @Test
    void aFaceThatLeavesLongerThanAllowedComesBackWithANewId() {
        try (FaceDetector detector = FaceDetector.open()) {
            Face face = detector.detect(SharedData.testImage("grace_hopper.jpg")).get(0);
            FaceTracker tracker = new FaceTracker(TrackerOptions.builder().maxMissedFrames(2).build());
            int first = tracker.update(List.of(result(face, "with_mask", 0.9))).get(0).id();
            tracker.update(List.of());
            tracker.update(List.of());
            assertThat(tracker.update(List.of(result(face, "with_mask", 0.9))).get(0).id()).isEqualTo(first);
            for (int i = 0; i < 3; i++) {
                tracker.update(List.of());
            }
            assertThat(tracker.trackCount()).isZero();
            assertThat(tracker.update(List.of(result(face, "with_mask", 0.9))).get(0).id()).isNotEqualTo(first);
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> TrackerOptions.builder().window(3).switchVotes(4).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("switchVotes");
        assertThatThrownBy(() -> TrackerOptions.builder().minIou(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minIou");
    }
}
