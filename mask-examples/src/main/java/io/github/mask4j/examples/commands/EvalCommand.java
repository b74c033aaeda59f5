package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.CrossSourceEvaluation;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.classification.Reliability;
import io.github.mask4j.classification.SourceManifest;
import io.github.mask4j.classification.SourcedImage;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.Plots;
import io.github.mask4j.examples.report.TrainingProgress;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.training.TrainingOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j eval}: accuracy, per-class figures, calibration and the confusion matrix of a saved classifier;
 * or, with {@code --by-source}, leave-one-source-out accuracy of a fresh training. Images that cannot be read are
 * skipped with a warning each and a count (or stop the run with {@code --strict}).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved classifier on DIR (one sub-folder per label).",
            "With --by-source: for each source named in --manifest, train on the other sources and test on it."})
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "A classifier saved by train (required unless --by-source).")
    Path classifierDir;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Test images, one sub-folder per label; with --by-source, the directory the manifest's "
                    + "file paths are relative to.")
    Path data;

    @Option(names = "--json", description = "Print one JSON object: accuracy, perClass, labels, confusion, ece "
            + "(with --by-source: perSource, meanAccuracy, worstAccuracy, ece).")
    boolean json;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write confusion.png (not with --by-source) and "
            + "calibration.png (reliability diagram) into DIR.")
    Path plots;

    @Option(names = "--strict", description = "Stop at the first image that cannot be read (default: skip it with "
            + "a warning and evaluate the rest).")
    boolean strict;

    @Option(names = "--by-source", description = "Leave-one-source-out evaluation of a fresh training "
            + "(train's options) instead of a saved classifier.")
    boolean bySource;

    @Option(names = "--manifest", paramLabel = "FILE", description = "With --by-source: a CSV with a header and "
            + "columns file (relative to --data), label and the source column.")
    Path manifest;

    @Option(names = "--source-column", defaultValue = "portion", paramLabel = "NAME",
            description = "With --by-source: the manifest column that names each image's source "
                    + "(default: ${DEFAULT-VALUE}).")
    String sourceColumn;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "With --by-source: training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "With --by-source: epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validation", defaultValue = "0.2", paramLabel = "SHARE",
            description = "With --by-source: share held out to fit the temperature (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--knn", description = "With --by-source: a k-nearest-neighbours head.")
    boolean knn;

    @Option(names = "--k", defaultValue = "3", paramLabel = "K",
            description = "Neighbours for --knn (default: ${DEFAULT-VALUE}).")
    int k;

    @Mixin
    AccuracyOptions accuracy;

    @Override
    public Integer call() {
        if (bySource) {
            return bySource();
        }
        if (classifierDir == null) {
            throw new IllegalArgumentException("--classifier DIR is required (or --by-source --manifest FILE)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (FeatureExtractor fe = model.open()) {
            Classifier classifier = Classifier.load(classifierDir, fe);
            List<LabelledImage> images = Examples.load(data);
            Examples.Skips skips = new Examples.Skips(err, strict);
            Evaluation e = Examples.evaluate(classifier, images, err, skips);
            skips.report(images.size());
            if (skips.stopped()) {
                return Mask4jCli.EXIT_SOME_FAILED;
            }
            Reliability reliability = reliability(e.results(), images);
            if (json) {
                Map<String, Object> m = Json.evaluation(e);
                m.put("ece", Json.round(reliability.expectedCalibrationError()));
                out.println(Json.line(m));
            } else {
                out.println(e.toTable());
                out.printf(Locale.ROOT, "expected calibration error %.4f%n", reliability.expectedCalibrationError());
            }
            if (plots != null) {
                err.println("wrote " + Plots.confusionChart(e, plots.resolve("confusion.png")));
                err.println("wrote " + Plots.calibrationChart(reliability, plots.resolve("calibration.png")));
            }
            out.flush();
            return skips.count() == 0 ? Mask4jCli.EXIT_OK : Mask4jCli.EXIT_SOME_FAILED;
        }
    }

    private int bySource() {
        if (manifest == null) {
            throw new IllegalArgumentException("--by-source needs --manifest FILE (a CSV naming each image's source)");
        }
        if (classifierDir != null) {
            throw new IllegalArgumentException("--by-source trains its own classifiers; drop --classifier");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<SourcedImage> images = SourceManifest.read(manifest, data, sourceColumn);
        TrainingOptions options = TrainingOptions.builder().epochs(epochs).seed(seed)
                .validationSplit(knn ? 0 : validation).augmentCopies(accuracy.augment).build();
        try (FeatureExtractor fe = model.open()) {
            err.printf("%d images from %d sources, model %s%n", images.size(),
                    images.stream().map(SourcedImage::source).distinct().count(), fe.info().id());
            err.flush();
            CrossSourceEvaluation.Result r = CrossSourceEvaluation.run(fe, images,
                    accuracy.classifierOptions(knn, k), options, new TrainingProgress(err, e -> { }));
            if (json) {
                out.println(Json.line(json(r)));
            } else {
                out.printf(Locale.ROOT, "%-24s %8s %8s %8s%n", "left-out source", "images", "trained", "accuracy");
                for (CrossSourceEvaluation.SourceResult s : r.perSource()) {
                    out.printf(Locale.ROOT, "%-24s %8d %8d %8.4f%n", s.source(), s.evaluation().total(),
                            s.trainingImages(), s.evaluation().accuracy());
                }
                out.printf(Locale.ROOT, "mean accuracy %.4f, worst source %.4f, expected calibration error %.4f%n",
                        r.meanAccuracy(), r.worstAccuracy(), r.reliability().expectedCalibrationError());
            }
            if (plots != null) {
                err.println("wrote " + Plots.calibrationChart(r.reliability(), plots.resolve("calibration.png")));
            }
            out.flush();
        }
        return 0;
    }

    /** Calibration of the results, each paired with its image's true label by source. */
    private static Reliability reliability(List<Classification> results, List<LabelledImage> images) {
        Map<String, String> truth = new HashMap<>();
        images.forEach(i -> truth.put(i.image().source(), i.label()));
        return Reliability.of(results, results.stream().map(c -> truth.get(c.source())).toList(),
                Reliability.DEFAULT_BINS);
    }

    /** {@code {"perSource":{source:{images,trainingImages,accuracy,perClass}},"meanAccuracy","worstAccuracy","ece"}}. */
    private static Map<String, Object> json(CrossSourceEvaluation.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> per = new LinkedHashMap<>();
        for (CrossSourceEvaluation.SourceResult s : r.perSource()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("images", s.evaluation().total());
            x.put("trainingImages", s.trainingImages());
            Map<String, Object> e = Json.evaluation(s.evaluation());
            x.put("accuracy", e.get("accuracy"));
            x.put("perClass", e.get("perClass"));
            per.put(s.source(), x);
        }
        m.put("perSource", per);
        m.put("meanAccuracy", Json.round(r.meanAccuracy()));
        m.put("worstAccuracy", Json.round(r.worstAccuracy()));
        m.put("ece", Json.round(r.reliability().expectedCalibrationError()));
        return m;
    }
}
