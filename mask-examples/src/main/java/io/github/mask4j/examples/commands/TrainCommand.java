package io.github.mask4j.examples.commands;

import io.github.mask4j.BatchResult;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.Mask4jCli;
import io.github.mask4j.examples.report.Plots;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.examples.report.TrainingProgress;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.FaceCrops;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j train}: trains a classifier on a folder-per-label directory, saves it and plots the curves. Images
 * that cannot be read are skipped with a warning each and a count (or stop the run with {@code --strict}).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a classifier on DIR (one sub-folder per label), save it to --out and write loss.png there "
                + "(when the head trains in epochs).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Training images, one sub-folder per label.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to save the classifier and loss.png.")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Epochs when the head is the network (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", defaultValue = "0.2", paramLabel = "SHARE",
            description = "Share of examples held out for the validation curves, 0 for none (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--knn", description = "Use a k-nearest-neighbours head instead of a trained one.")
    boolean knn;

    @Option(names = "--faces", description = "Crop every training image to its largest face first (as classify "
            + "--faces and video --faces see them); images without a face are used whole.")
    boolean faces;

    @Mixin
    FaceOptions face;

    @Option(names = "--strict", description = "Stop at the first image that cannot be read (default: skip it with "
            + "a warning and train on the rest).")
    boolean strict;

    @Option(names = "--k", defaultValue = "3", paramLabel = "K", description = "Neighbours for --knn (default: ${DEFAULT-VALUE}).")
    int k;

    @Mixin
    AccuracyOptions accuracy;

    @Override
    public Integer call() {
        PrintWriter outW = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LabelledImage> images = Examples.load(data);
        int listed = images.size();
        Examples.Skips skips = new Examples.Skips(err, strict);
        TrainingNotes notes = new TrainingNotes(false, null, 0, images.size(), 0, List.of());
        face.checkUsed(faces);
        if (faces) {
            FaceCrops.Result crops = cropToFaces(images, err, skips);
            if (crops == null) {
                skips.report(listed);
                return Mask4jCli.EXIT_SOME_FAILED;
            }
            images = crops.images();
            notes = new TrainingNotes(true, face.model().id(), face.margin, crops.total(), crops.facesFound(),
                    crops.wholeImages());
            outW.printf("faces (%s): %d of %d images cropped to their largest face, %d used whole (no face found)%n",
                    face.model().id(), crops.facesFound(), crops.total(), crops.wholeImages().size());
        }
        try (FeatureExtractor fe = model.open()) {
            Classifier classifier = fe.classification(accuracy.classifierOptions(knn, k));
            Examples.add(classifier, images, err, skips);
            skips.report(listed);
            if (skips.stopped()) {
                return Mask4jCli.EXIT_SOME_FAILED;
            }
            outW.printf("%d images, labels %s, model %s%n", classifier.exampleCount(), classifier.exampleCounts(),
                    fe.info().id());
            TrainingOptions options = TrainingOptions.builder().epochs(epochs).seed(seed)
                    .validationSplit(knn ? 0 : validation).augmentCopies(accuracy.augment).build();
            TrainingReport report = train(classifier, options, outW, err);
            classifier.save(out);
            notes.write(out);
            outW.printf("saved classifier to %s%n", out);
            lossChart(report, out, outW);
            outW.flush();
        }
        return skips.count() == 0 ? Mask4jCli.EXIT_OK : Mask4jCli.EXIT_SOME_FAILED;
    }

    /**
     * Crops each image to its largest face, a batch at a time behind a progress bar; unreadable images go to
     * {@code skips}. Returns null when {@code --strict} stopped it.
     */
    private FaceCrops.Result cropToFaces(List<LabelledImage> images, PrintWriter err, Examples.Skips skips) {
        List<LabelledImage> cropped = new ArrayList<>(images.size());
        List<String> whole = new ArrayList<>();
        List<BatchResult.Failure<LabelledImage>> failures = new ArrayList<>();
        int found = 0;
        try (FaceDetector detector = face.open();
                ProgressBar bar = new ProgressBar(err, "finding faces", images.size())) {
            for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                List<LabelledImage> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                FaceCrops.Result r = FaceCrops.cropToLargestFace(detector, batch, face.margin);
                cropped.addAll(r.images());
                whole.addAll(r.wholeImages());
                found += r.facesFound();
                bar.step(batch.size());
                if (!skips.record(r.failures())) {
                    return null;
                }
                for (BatchResult.Failure<LabelledImage> f : r.failures()) {
                    failures.add((BatchResult.Failure<LabelledImage>) Examples.reindex(f, i + f.index()));
                }
            }
        }
        return new FaceCrops.Result(cropped, found, whole, failures);
    }

    /** Trains, printing one line per epoch. */
    static TrainingReport train(Classifier classifier, TrainingOptions options, PrintWriter out) {
        return train(classifier, options, out, out);
    }

    /** Trains, with a progress bar on {@code err} while augmented copies are embedded. */
    static TrainingReport train(Classifier classifier, TrainingOptions options, PrintWriter out, PrintWriter err) {
        TrainingReport report = classifier.train(options, new TrainingProgress(err, e -> {
            out.println(epochLine(e));
            out.flush();
        }));
        if (report.epochs().isEmpty()) {
            // a head without epochs (the linear head's full-batch fit, k-NN): say which, not "after 0 epochs"
            out.printf("training: %s (no epochs), %d ms%n", report.stopReason(), report.millis());
        } else {
            out.printf("training: %s after %d epochs, %d ms%n", report.stopReason(), report.epochs().size(),
                    report.millis());
        }
        return report;
    }

    /**
     * Writes loss.png for a head trained in epochs and prints it; for one without epochs (linear, k-NN) removes a
     * loss.png left by an earlier training in {@code dir}, so the folder never shows curves of another model.
     */
    static void lossChart(TrainingReport report, Path dir, PrintWriter out) {
        Path file = dir.resolve("loss.png");
        if (!report.epochs().isEmpty()) {
            out.printf("wrote %s%n", Plots.lossChart(report.epochs(), file));
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + file + ": " + e.getMessage(), e);
        }
        out.printf("no loss.png: no epochs (%s)%n", report.stopReason());
    }

    static String epochLine(EpochResult e) {
        StringBuilder sb = new StringBuilder(String.format("epoch %3d/%d  loss %.4f", e.epoch(), e.epochs(), e.loss()));
        if (e.accuracy() != null) {
            sb.append(String.format("  accuracy %.3f", e.accuracy()));
        }
        if (e.validationLoss() != null) {
            sb.append(String.format("  val_loss %.4f", e.validationLoss()));
        }
        if (e.validationAccuracy() != null) {
            sb.append(String.format("  val_accuracy %.3f", e.validationAccuracy()));
        }
        return sb.toString();
    }
}
