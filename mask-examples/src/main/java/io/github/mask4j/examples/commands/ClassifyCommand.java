package io.github.mask4j.examples.commands;

import io.github.mask4j.BatchResult;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.image.ImageInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j classify}: one JSON line per image, in input order: the classification, or
 * {@code {"source", "error": {"type", "message"}}} for an image that cannot be read (and the run goes on).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify images (files or folders); prints one JSON line per image: source, label, "
                + "confidence, predictions (and faces with --faces), or source and error for an unreadable image.")
public final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "A classifier saved by train (required unless --faces --pretrained).")
    Path classifierDir;

    @Option(names = "--faces", description = "Also detect every face and classify each: adds a \"faces\" array "
            + "of {box:[x,y,w,h], score, label, confidence} to each line. Best with a classifier trained with "
            + "train --faces.")
    boolean faces;

    @Option(names = "--pretrained", description = "With --faces: no classifier, the masked-face detector labels each "
            + "face itself (zero training); the line's label is the largest face's, or no_face.")
    boolean pretrained;

    @Mixin
    FaceOptions face;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders of images.")
    List<Path> paths;

    @Override
    public Integer call() {
        face.checkClassifierChoice(faces, pretrained, classifierDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ImageInput> images = Examples.images(paths);
        int failed = 0;
        if (pretrained) {
            try (FacePath path = FacePath.pretrained(face);
                    ProgressBar bar = new ProgressBar(err, "classifying", images.size())) {
                for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                    List<ImageInput> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                    BatchResult<List<FaceResult>> detected = path.masks().detect(batch);
                    for (BatchResult.Outcome<List<FaceResult>> o : detected.outcomes()) {
                        if (o instanceof BatchResult.Success<List<FaceResult>> s) {
                            Classification c = MaskDetector.largest(s.value())
                                    .map(f -> FacePath.fromFace(s.source(), f.label(), f.confidence()))
                                    .orElseGet(() -> FacePath.fromFace(s.source(), FacePath.NO_FACE, 0));
                            out.println(Json.line(withFaces(c, s.value())));
                        } else {
                            failed++;
                            out.println(Json.line(Json.failure(o.source(),
                                    ((BatchResult.Failure<List<FaceResult>>) o).error())));
                        }
                    }
                    out.flush();
                    bar.step(batch.size());
                }
            }
            return exitCode(failed, images.size(), err);
        }
        FacePath.checkTraining(classifierDir, faces, err);
        try (FeatureExtractor fe = model.open()) {
            Classifier classifier = Classifier.load(classifierDir, fe);
            try (FacePath path = faces ? FacePath.trained(face, classifier) : null;
                    ProgressBar bar = new ProgressBar(err, "classifying", images.size())) {
                for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                    List<ImageInput> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                    for (BatchResult.Outcome<Classification> o : classifier.classify(batch).outcomes()) {
                        Map<String, Object> line;
                        if (o instanceof BatchResult.Failure<Classification> f) {
                            failed++;
                            line = Json.failure(f.source(), f.error());
                        } else {
                            Classification whole = ((BatchResult.Success<Classification>) o).value();
                            line = path == null ? Json.classification(whole)
                                    : withFaces(whole, path.masks().detect(batch.get(o.index())));
                        }
                        out.println(Json.line(line));
                    }
                    out.flush();
                    bar.step(batch.size());
                }
            }
        }
        return exitCode(failed, images.size(), err);
    }

    /** {@link Mask4jCli#EXIT_SOME_FAILED} with a count on stderr when any input failed. */
    private static int exitCode(int failed, int total, PrintWriter err) {
        if (failed == 0) {
            return Mask4jCli.EXIT_OK;
        }
        err.println(String.format(Locale.ROOT, "%,d of %,d images could not be read (error lines above)", failed,
                total));
        err.flush();
        return Mask4jCli.EXIT_SOME_FAILED;
    }

    /** The documented keys, then {@code faces}. */
    static Map<String, Object> withFaces(Classification c, List<FaceResult> found) {
        Map<String, Object> m = Json.classification(c);
        List<Map<String, Object>> list = new ArrayList<>();
        for (FaceResult f : found) {
            list.add(Json.face(f));
        }
        m.put("faces", list);
        return m;
    }
}
