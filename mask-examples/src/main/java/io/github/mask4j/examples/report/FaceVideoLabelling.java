package io.github.mask4j.examples.report;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.FaceTracker;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.face.TrackedFace;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.video.VideoFileSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The face path over a video file: every sampled frame's faces, tracked across frames ({@link FaceTracker}) with
 * their smoothed labels, plus a frame-level classification, and per face track the intervals of its smoothed
 * label.
 *
 * <p>Stateless and thread-safe (each call has its own tracker).
 */
public final class FaceVideoLabelling {
    private static final int MAX_FRAMES = 100_000;

    private FaceVideoLabelling() {}

    /** One sampled frame: its frame-level classification and its tracked faces. */
    public record FaceFrame(long timestampMillis, Classification classification, List<TrackedFace> faces) {}

    /** One face track: its id, frames seen, first and last time, and the intervals of its smoothed label. */
    public record FaceTrack(int id, int frames, long firstMillis, long lastMillis,
            List<VideoLabelling.Interval> intervals) {
        /** The smoothed label at the track's last frame. */
        public String lastLabel() {
            return intervals.get(intervals.size() - 1).label();
        }
    }

    /**
     * The frames, the frame-level intervals and the face tracks.
     *
     * @param skippedFrames frames that could not be decoded or read, left out of {@code frames}
     */
    public record Result(Path file, List<FaceFrame> frames, List<VideoLabelling.Interval> intervals,
            List<FaceTrack> tracks, long skippedFrames) {}

    /**
     * Decodes {@code file} at {@code fps}, runs {@code masks} on each frame and tracks the faces;
     * {@code frameLabel} gives the frame-level classification from the frame and its tracked faces.
     */
    public static Result label(MaskDetector masks, Path file, double fps,
            BiFunction<Frame, List<TrackedFace>, Classification> frameLabel, Consumer<FaceFrame> onFrame)
            throws InterruptedException {
        FaceTracker tracker = new FaceTracker();
        List<FaceFrame> frames = new ArrayList<>();
        Map<Integer, List<VideoLabelling.LabelledFrame>> byTrack = new LinkedHashMap<>();
        long skipped = 0;
        try (VideoFileSource src = VideoFileSource.open(file, fps)) {
            for (int i = 0; i < MAX_FRAMES && !src.isFinished(); i++) {
                Optional<Frame> f = src.next(Duration.ofSeconds(5));
                if (f.isEmpty()) {
                    continue;
                }
                long t = f.get().timestampMillis();
                List<FaceResult> found;
                Classification frameLevel;
                List<TrackedFace> tracked;
                try {
                    found = masks.detect(f.get().image());
                    tracked = tracker.update(found);
                    frameLevel = frameLabel.apply(f.get(), tracked);
                } catch (InvalidImageException e) {
                    skipped++;
                    continue;
                }
                FaceFrame ff = new FaceFrame(t, frameLevel, tracked);
                for (TrackedFace tf : tracked) {
                    // the smoothed label, as a one-prediction classification, so intervals are built as for frames
                    byTrack.computeIfAbsent(tf.id(), k -> new ArrayList<>()).add(new VideoLabelling.LabelledFrame(t,
                            new Classification(f.get().image().source(), List.of(
                                    new io.github.mask4j.classification.LabelConfidence(tf.label(), tf.confidence())))));
                }
                frames.add(ff);
                onFrame.accept(ff);
            }
            skipped += src.skippedFrames();
        }
        List<VideoLabelling.LabelledFrame> frameLevels = frames.stream()
                .map(f -> new VideoLabelling.LabelledFrame(f.timestampMillis(), f.classification())).toList();
        List<FaceTrack> tracks = new ArrayList<>();
        byTrack.forEach((id, list) -> tracks.add(new FaceTrack(id, list.size(), list.get(0).timestampMillis(),
                list.get(list.size() - 1).timestampMillis(), VideoLabelling.intervals(list))));
        return new Result(file, frames, VideoLabelling.intervals(frameLevels), tracks, skipped);
    }
}
