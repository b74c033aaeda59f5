package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.examples.report.FaceVideoLabelling;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.VideoLabelling;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.TrackedFace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j video}: classifies the sampled frames of a video file, then summarises labelled intervals.
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = "Classify a video file (MP4/WebM/MKV; H.264, VP8): one JSON line per sampled frame, "
                + "then a JSON summary of labelled intervals.")
public final class VideoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "A classifier saved by train (required unless --faces --pretrained).")
    Path classifierDir;

    @Option(names = "--faces", description = "Also detect and track every face: adds a \"faces\" array to each "
            + "frame ({id, box, score, label and confidence smoothed over the track, frameLabel, frameConfidence}) "
            + "and the face tracks to the summary.")
    boolean faces;

    @Option(names = "--pretrained", description = "With --faces: no classifier, the masked-face detector labels each "
            + "face itself (zero training); a frame's label is its largest face's smoothed label, or no_face.")
    boolean pretrained;

    @Mixin
    FaceOptions face;

    @Option(names = "--fps", defaultValue = "2", paramLabel = "N", description = "Frames per second to classify (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--crop", defaultValue = "1.0", paramLabel = "SHARE",
            description = "Classify only the centre square of this share of the shorter side (1 = whole frame; "
                    + "default: ${DEFAULT-VALUE}).")
    double crop;

    @Parameters(index = "0", paramLabel = "FILE", description = "The video file.")
    Path file;

    @Override
    public Integer call() throws InterruptedException {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("--fps must be positive, got " + fps);
        }
        if (!(crop > 0 && crop <= 1)) {
            throw new IllegalArgumentException("--crop must be in (0, 1], got " + crop);
        }
        face.checkClassifierChoice(faces, pretrained, classifierDir);
        PrintWriter out = spec.commandLine().getOut();
        if (faces) {
            return callFaces(out);
        }
        try (FeatureExtractor fe = model.open()) {
            Classifier classifier = Classifier.load(classifierDir, fe);
            VideoLabelling.Result r = VideoLabelling.label(classifier, file, fps, crop, f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("timestampMs", f.timestampMillis());
                m.putAll(Json.classification(f.classification()));
                out.println(Json.line(m));
                out.flush();
            });
            out.println(Json.line(summary(r)));
            out.flush();
            return exitCode(r.skippedFrames());
        }
    }

    /** {@link Mask4jCli#EXIT_SOME_FAILED} with a count on stderr when frames were skipped. */
    private int exitCode(long skippedFrames) {
        if (skippedFrames == 0) {
            return Mask4jCli.EXIT_OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("skipped " + skippedFrames + " undecodable frames of " + file);
        err.flush();
        return Mask4jCli.EXIT_SOME_FAILED;
    }

    private int callFaces(PrintWriter out) throws InterruptedException {
        Consumer<FaceVideoLabelling.FaceFrame> print = f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestampMs", f.timestampMillis());
            m.putAll(Json.classification(f.classification()));
            List<Map<String, Object>> list = new ArrayList<>();
            for (TrackedFace t : f.faces()) {
                list.add(Json.trackedFace(t));
            }
            m.put("faces", list);
            out.println(Json.line(m));
            out.flush();
        };
        FaceVideoLabelling.Result r;
        if (pretrained) {
            try (FacePath path = FacePath.pretrained(face)) {
                // the frame's label is its largest face's smoothed label
                r = FaceVideoLabelling.label(path.masks(), file, fps, (frame, tracked) -> tracked.stream()
                        .max(Comparator.comparingDouble(x -> x.face().box().width() * x.face().box().height()))
                        .map(x -> FacePath.fromFace(frame.image().source(), x.label(), x.confidence()))
                        .orElseGet(() -> FacePath.fromFace(frame.image().source(), FacePath.NO_FACE, 0)), print);
            }
        } else {
            FacePath.checkTraining(classifierDir, true, spec.commandLine().getErr());
            try (FeatureExtractor fe = model.open()) {
                Classifier classifier = Classifier.load(classifierDir, fe);
                try (FacePath path = FacePath.trained(face, classifier)) {
                    r = FaceVideoLabelling.label(path.masks(), file, fps,
                            (frame, found) -> classifier.classify(frame.image().centreCrop(crop)), print);
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>(summary(new VideoLabelling.Result(r.file(),
                r.frames().stream().map(f -> new VideoLabelling.LabelledFrame(f.timestampMillis(), f.classification()))
                        .toList(), r.intervals(), r.skippedFrames())));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) summary.get("summary"));
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (FaceVideoLabelling.FaceTrack t : r.tracks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("frames", t.frames());
            m.put("firstMs", t.firstMillis());
            m.put("lastMs", t.lastMillis());
            m.put("label", t.lastLabel());
            m.put("intervals", intervals(t.intervals()));
            tracks.add(m);
        }
        s.put("faces", tracks);
        out.println(Json.line(Map.of("summary", s)));
        out.flush();
        return exitCode(r.skippedFrames());
    }

    private static List<Map<String, Object>> intervals(List<VideoLabelling.Interval> list) {
        List<Map<String, Object>> intervals = new ArrayList<>();
        for (VideoLabelling.Interval i : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", i.label());
            m.put("startMs", i.startMillis());
            m.put("endMs", i.endMillis());
            m.put("frames", i.frames());
            intervals.add(m);
        }
        return intervals;
    }

    /**
     * {@code {"summary": {"file", "frames", "skippedFrames", "intervals": [{"label","startMs","endMs","frames"}]}}}.
     */
    static Map<String, Object> summary(VideoLabelling.Result r) {
        List<Map<String, Object>> intervals = intervals(r.intervals());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", String.valueOf(r.file().getFileName()));
        s.put("frames", r.frames().size());
        s.put("skippedFrames", r.skippedFrames());
        s.put("intervals", intervals);
        return Map.of("summary", s);
    }
}
