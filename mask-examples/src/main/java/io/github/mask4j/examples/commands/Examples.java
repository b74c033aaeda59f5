package io.github.mask4j.examples.commands;

import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.image.ImageInput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers the commands share: loading folders of labelled images and embedding or classifying them in batches
 * behind a progress bar.
 *
 * <p>Stateless and thread-safe.
 */
final class Examples {
    private Examples() {}

    /** The labelled images of a folder-per-label directory, with a clear error when it is not one. */
    static List<LabelledImage> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TrainingDataException("data directory " + dir + " does not exist or is not a directory");
        }
        List<LabelledImage> images = LabelledImage.fromDirectory(dir);
        if (images.isEmpty()) {
            throw new TrainingDataException("no images found under " + dir
                    + " (expected one sub-folder per label holding JPEG/PNG files)");
        }
        return images;
    }

    /** Adds images to a classifier, a batch at a time, showing progress. */
    static void add(Classifier classifier, List<LabelledImage> images, PrintWriter err) {
        try (ProgressBar bar = new ProgressBar(err, "embedding images", images.size())) {
            for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                List<LabelledImage> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                classifier.addImages(batch);
                bar.step(batch.size());
            }
        }
    }

    /** Evaluates on labelled images, a batch at a time, showing progress. */
    static Evaluation evaluate(Classifier classifier, List<LabelledImage> images, PrintWriter err) {
        List<String> labels = classifier.labels();
        for (LabelledImage li : images) {
            if (!labels.contains(li.label())) {
                throw new TrainingDataException("test label '" + li.label() + "' (" + li.image().source()
                        + ") is not one of the classifier's labels " + labels);
            }
        }
        List<Classification> results = new ArrayList<>(images.size());
        int[] truth = new int[images.size()];
        try (ProgressBar bar = new ProgressBar(err, "evaluating", images.size())) {
            for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                List<LabelledImage> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                results.addAll(classifier.classify(batch.stream().map(LabelledImage::image).toList()));
                bar.step(batch.size());
            }
        }
        for (int i = 0; i < truth.length; i++) {
            truth[i] = labels.indexOf(images.get(i).label());
        }
        return Evaluation.of(labels, truth, results);
    }

    /** Image files under the given paths (files as they are, folders walked recursively, sorted). */
    static List<ImageInput> images(List<Path> paths) {
        List<ImageInput> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(Examples::isImage).sorted()
                            .forEach(f -> out.add(ImageInput.of(f)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(ImageInput.of(p));
            } else {
                throw new io.github.mask4j.InvalidImageException(p.toString(), "no such file or directory");
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }
}
