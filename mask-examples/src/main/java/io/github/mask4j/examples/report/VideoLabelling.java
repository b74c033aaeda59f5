package io.github.mask4j.examples.report;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.timeline.LabelRuns;
import io.github.mask4j.timeline.RunEnd;
import io.github.mask4j.video.VideoFileSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Classifies the sampled frames of a video file and merges runs of the same label into intervals.
 *
 * <p>Stateless and thread-safe (the classifier is used read-only).
 */
public final class VideoLabelling {
    /** Upper bound on frames read from one file, so a huge file cannot loop for ever. */
    private static final int MAX_FRAMES = 100_000;

    private VideoLabelling() {}

    /** One classified frame. */
    public record LabelledFrame(long timestampMillis, Classification classification) {}

    /** A run of consecutive frames with the same label, from the first frame's time to the last one's. */
    public record Interval(String label, long startMillis, long endMillis, int frames) {}

    /**
     * The frames and their intervals.
     *
     * @param skippedFrames frames that could not be decoded or classified, left out of {@code frames}
     */
    public record Result(Path file, List<LabelledFrame> frames, List<Interval> intervals, long skippedFrames) {
        /** The label of most frames (ties: first seen). */
        public String majorityLabel() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (LabelledFrame f : frames) {
                counts.merge(f.classification().label(), 1, Integer::sum);
            }
            return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        }

        /** Share of frames with {@code label}. */
        public double share(String label) {
            if (frames.isEmpty()) {
                return 0;
            }
            return frames.stream().filter(f -> f.classification().label().equals(label)).count()
                    / (double) frames.size();
        }
    }

    /**
     * Decodes {@code file} at {@code fps} frames per second and classifies each frame (the centre
     * {@code centreCrop} of it when below 1, since the training images are face crops and faces are near the middle).
     */
    public static Result label(Classifier classifier, Path file, double fps, double centreCrop,
            Consumer<LabelledFrame> onFrame) throws InterruptedException {
        List<LabelledFrame> out = new ArrayList<>();
        long skipped = 0;
        try (VideoFileSource src = VideoFileSource.open(file, fps)) {
            for (int i = 0; i < MAX_FRAMES && !src.isFinished(); i++) {
                Optional<Frame> f = src.next(Duration.ofSeconds(5));
                if (f.isEmpty()) {
                    continue;
                }
                ImageInput img = f.get().image().centreCrop(centreCrop);
                Classification c;
                try {
                    c = classifier.classify(img);
                } catch (InvalidImageException e) {
                    skipped++;
                    continue;
                }
                LabelledFrame lf = new LabelledFrame(f.get().timestampMillis(), c);
                out.add(lf);
                onFrame.accept(lf);
            }
            skipped += src.skippedFrames();
        }
        return new Result(file, out, intervals(out), skipped);
    }

    /** Merges consecutive frames with the same label; an interval ends at its last frame's time (inclusive). */
    public static List<Interval> intervals(List<LabelledFrame> frames) {
        return LabelRuns.merge(frames, LabelledFrame::timestampMillis, f -> f.classification().label(),
                f -> f.classification().confidence(), RunEnd.atLastFrame()).stream()
                .map(r -> new Interval(r.label(), r.startMillis(), r.endMillis(), r.frames()))
                .toList();
    }
}
