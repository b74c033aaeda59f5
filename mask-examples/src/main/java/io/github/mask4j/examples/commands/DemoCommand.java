package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.examples.report.Plots;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.examples.report.VideoLabelling;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j demo}: the whole story in one run: train on the masks data set, evaluate on its test split,
 * classify the sample clips and print a short report.
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train on DATA/train, evaluate on DATA/test, classify the sample clips and print a report.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--data", paramLabel = "DIR", description = "Data set with train/ and test/ (default: ../shared/data/masks).")
    Path data = ModelLocation.sharedData("masks");

    @Option(names = "--clips", paramLabel = "DIR", description = "Video clips to classify (default: ../shared/data/video/clips).")
    Path clips = ModelLocation.sharedData("video").resolve("clips");

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/mask4j-demo",
            description = "Where to save the classifier, confusion.png and (for a head trained in epochs) loss.png "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Epochs when the head is the network (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--fps", defaultValue = "2", paramLabel = "N", description = "Clip frames per second to classify (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--crop", defaultValue = "0.6", paramLabel = "SHARE",
            description = "Classify the centre square of this share of each frame's shorter side, where the faces "
                    + "are (default: ${DEFAULT-VALUE}).")
    double crop;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        List<LabelledImage> train = Examples.load(data.resolve("train"));
        List<LabelledImage> test = Examples.load(data.resolve("test"));
        Examples.Skips skips = new Examples.Skips(err, false);
        try (FeatureExtractor fe = model.open()) {
            o.printf("mask4j demo: model %s (%d features), %d training and %d test images from %s%n",
                    fe.info().id(), fe.featureDimension(), train.size(), test.size(), data);
            o.flush();
            Classifier classifier = fe.classification(ClassifierOptions.defaults());
            Examples.add(classifier, train, err, skips);
            TrainingOptions options = TrainingOptions.builder().epochs(epochs).validationSplit(0.2).seed(42).build();
            TrainingReport report = TrainCommand.train(classifier, options, o, err);
            classifier.save(out);
            TrainCommand.lossChart(report, out, o);

            Evaluation e = Examples.evaluate(classifier, test, err, skips);
            skips.report(train.size() + test.size());
            Plots.confusionChart(e, out.resolve("confusion.png"));
            o.printf("%ntest split: accuracy %.1f%% on %d images%n", e.accuracy() * 100, e.total());
            o.println(e.toTable());

            List<Path> files = clipFiles();
            o.printf("%nclips (%s fps, centre crop %.0f%%):%n", fps, crop * 100);
            Map<String, TreeMap<Long, String>> truth = frameLabels(clips.resolve("..").resolve("labels.csv"));
            int agree = 0;
            int judged = 0;
            int framesRight = 0;
            int framesJudged = 0;
            try (ProgressBar bar = new ProgressBar(err, "classifying clips", files.size())) {
                for (Path f : files) {
                    VideoLabelling.Result r = VideoLabelling.label(classifier, f, fps, crop, x -> { });
                    String expected = expectedLabel(f);
                    String verdict = "";
                    if (expected != null) {
                        judged++;
                        boolean ok = r.majorityLabel().equals(expected);
                        agree += ok ? 1 : 0;
                        verdict = ok ? "  (as expected)" : "  (expected " + expected + ")";
                    }
                    TreeMap<Long, String> t = truth.get(f.getFileName().toString().replaceFirst("\\.[^.]+$", ""));
                    if (t != null) {
                        for (VideoLabelling.LabelledFrame lf : r.frames()) {
                            String want = nearest(t, lf.timestampMillis());
                            if (want != null) {
                                framesJudged++;
                                framesRight += want.equals(lf.classification().label()) ? 1 : 0;
                            }
                        }
                    }
                    o.printf("  %-26s %3d frames  majority %-13s with_mask %3.0f%%%s%n      %s%n",
                            f.getFileName(), r.frames().size(), r.majorityLabel(), r.share("with_mask") * 100,
                            verdict, intervals(r));
                    bar.step();
                }
            }
            o.printf("%nclips whose majority label matches their name: %d of %d%n", agree, judged);
            if (framesJudged > 0) {
                o.printf("frames agreeing with the hand labels (labels.csv; masked or unmasked faces only): %d of %d "
                        + "(%.0f%%)%n", framesRight, framesJudged, 100.0 * framesRight / framesJudged);
            }
            o.printf("saved classifier%s confusion.png to %s%n",
                    report.epochs().isEmpty() ? " and" : ", loss.png and", out);
            o.printf("done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            o.flush();
        }
        return skips.count() == 0 ? Mask4jCli.EXIT_OK : Mask4jCli.EXIT_SOME_FAILED;
    }

    private List<Path> clipFiles() {
        if (!Files.isDirectory(clips)) {
            throw new IllegalArgumentException("clips directory " + clips + " does not exist (use --clips DIR)");
        }
        try (Stream<Path> s = Files.list(clips)) {
            return s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(mp4|webm|mkv)")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + clips, e);
        }
    }

    /** The sample clips are named for what they show; clips of someone putting a mask on have no single label. */
    static String expectedLabel(Path clip) {
        String n = clip.getFileName().toString();
        if (n.startsWith("no-mask")) {
            return "without_mask";
        }
        if (n.startsWith("mask")) {
            return "with_mask";
        }
        return null;
    }

    /** Hand labels per clip and time (ms), from the data set's {@code labels.csv}; empty when it is absent. */
    static Map<String, TreeMap<Long, String>> frameLabels(Path csv) {
        Map<String, TreeMap<Long, String>> out = new HashMap<>();
        if (!Files.isRegularFile(csv)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] c = line.split(",");
                if (c.length == 4 && (c[3].equals("with_mask") || c[3].equals("without_mask"))) {
                    out.computeIfAbsent(c[0], k -> new TreeMap<>())
                            .put(Math.round(Double.parseDouble(c[2]) * 1000), c[3]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The hand label within 250 ms of {@code t}, if any. */
    private static String nearest(TreeMap<Long, String> labels, long t) {
        Map.Entry<Long, String> lo = labels.floorEntry(t);
        Map.Entry<Long, String> hi = labels.ceilingEntry(t);
        Map.Entry<Long, String> best = lo == null ? hi
                : hi == null ? lo : (t - lo.getKey() <= hi.getKey() - t ? lo : hi);
        return best != null && Math.abs(best.getKey() - t) <= 250 ? best.getValue() : null;
    }

    private static String intervals(VideoLabelling.Result r) {
        return r.intervals().stream()
                .map(i -> String.format("%.1f-%.1fs %s", i.startMillis() / 1000.0, i.endMillis() / 1000.0, i.label()))
                .collect(Collectors.joining(", "));
    }
}
