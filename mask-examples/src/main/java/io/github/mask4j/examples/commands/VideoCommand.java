package io.github.mask4j.examples.commands;

import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.VideoLabelling;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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

    @Option(names = "--classifier", required = true, paramLabel = "DIR", description = "A classifier saved by train.")
    Path classifierDir;

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
        PrintWriter out = spec.commandLine().getOut();
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
        }
        return 0;
    }

    /** {@code {"summary": {"file", "frames", "intervals": [{"label","startMs","endMs","frames"}]}}}. */
    static Map<String, Object> summary(VideoLabelling.Result r) {
        List<Map<String, Object>> intervals = new ArrayList<>();
        for (VideoLabelling.Interval i : r.intervals()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", i.label());
            m.put("startMs", i.startMillis());
            m.put("endMs", i.endMillis());
            m.put("frames", i.frames());
            intervals.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", String.valueOf(r.file().getFileName()));
        s.put("frames", r.frames().size());
        s.put("intervals", intervals);
        return Map.of("summary", s);
    }
}
