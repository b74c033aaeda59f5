package io.github.mask4j.examples.commands;

import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.image.ImageInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j classify}: one JSON line per image.
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify images (files or folders); prints one JSON line per image.")
public final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", required = true, paramLabel = "DIR", description = "A classifier saved by train.")
    Path classifierDir;

    @Option(names = "--faces", description = "Detect faces first and classify each (needs the face detection "
            + "module, which this build does not include).")
    boolean faces;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders of images.")
    List<Path> paths;

    @Override
    public Integer call() {
        if (faces) {
            spec.commandLine().getErr().println("error: --faces needs mask4j's face detection module, which is not "
                    + "part of this build; classify whole images (or face crops) without --faces");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ImageInput> images = Examples.images(paths);
        try (FeatureExtractor fe = model.open()) {
            Classifier classifier = Classifier.load(classifierDir, fe);
            try (ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "classifying", images.size())) {
                for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                    List<ImageInput> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                    for (Classification c : classifier.classify(batch)) {
                        out.println(Json.line(Json.classification(c)));
                    }
                    out.flush();
                    bar.step(batch.size());
                }
            }
        }
        return 0;
    }
}
