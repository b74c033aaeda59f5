package io.github.mask4j.examples.commands;

import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.Plots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j eval}: accuracy, per-class figures and the confusion matrix of a saved classifier. Images that
 * cannot be read are skipped with a warning each and a count (or stop the run with {@code --strict}).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved classifier on DIR (one sub-folder per label).")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", required = true, paramLabel = "DIR", description = "A classifier saved by train.")
    Path classifierDir;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Test images, one sub-folder per label.")
    Path data;

    @Option(names = "--json", description = "Print one JSON object: accuracy, perClass, labels, confusion.")
    boolean json;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write confusion.png into DIR.")
    Path plots;

    @Option(names = "--strict", description = "Stop at the first image that cannot be read (default: skip it with "
            + "a warning and evaluate the rest).")
    boolean strict;

    @Override
    public Integer call() {
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
            if (json) {
                out.println(Json.line(Json.evaluation(e)));
            } else {
                out.println(e.toTable());
            }
            if (plots != null) {
                Path file = Plots.confusionChart(e, plots.resolve("confusion.png"));
                err.println("wrote " + file);
            }
            out.flush();
            return skips.count() == 0 ? Mask4jCli.EXIT_OK : Mask4jCli.EXIT_SOME_FAILED;
        }
    }
}
