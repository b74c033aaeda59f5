package io.github.mask4j.face;

import java.util.Objects;

/**
 * A face in one frame of a video, with the id it keeps across frames and its smoothed label.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the track id, unique within its {@link FaceTracker}
 * @param face this frame's detection and raw label
 * @param label the smoothed label (majority with hysteresis over the recent frames)
 * @param confidence mean confidence of the recent frames that voted for {@code label}
 * @param frames how many frames this track has had a face in
 */
public record TrackedFace(int id, FaceResult face, String label, double confidence, int frames) {
    public TrackedFace {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(label, "label");
    }
}
