package io.github.mask4j.examples.commands;

import io.github.mask4j.BatchResult;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.examples.report.ProgressBar;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Helpers the commands share: loading folders of labelled images and embedding or classifying them in batches
 * behind a progress bar, skipping (or, with {@code --strict}, stopping at) the images that cannot be read.
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
            throw new TrainingDataException("no images found under " + dir + " (expected one sub-folder per label "
                    + "holding image files: " + String.join(" ", ImageInput.IMAGE_EXTENSIONS) + ")");
        }
        return images;
    }

    /**
     * Images that could not be read while going through a data set; {@code strict} stops at the first one. They
     * are reported once the progress bar is done ({@link #report}): one warning line each and a count, or with
     * {@code --strict} one error line. Not thread-safe.
     */
    static final class Skips {
        private final PrintWriter err;
        private final boolean strict;
        private final List<BatchResult.Failure<?>> failures = new ArrayList<>();

        Skips(PrintWriter err, boolean strict) {
            this.err = err;
            this.strict = strict;
        }

        /** Records the failures of a batch; returns false when {@code --strict} says to stop. */
        boolean record(List<? extends BatchResult.Failure<?>> batch) {
            failures.addAll(batch);
            return !stopped();
        }

        boolean stopped() {
            return strict && !failures.isEmpty();
        }

        int count() {
            return failures.size();
        }

        /** Prints the warnings and "skipped 3 of 1,204 images" (or the --strict error) on stderr. */
        void report(int total) {
            if (stopped()) {
                err.println("error: " + failures.get(0).error().getMessage() + " (stopped by --strict; leave it "
                        + "out to skip unreadable images)");
            } else if (!failures.isEmpty()) {
                for (BatchResult.Failure<?> f : failures) {
                    err.println("warning: skipped " + f.error().getMessage());
                }
                err.println(String.format(Locale.ROOT, "skipped %,d of %,d images", failures.size(), total));
            }
            err.flush();
        }
    }

    /** Adds images to a classifier, a batch at a time, showing progress; unreadable images go to {@code skips}. */
    static void add(Classifier classifier, List<LabelledImage> images, PrintWriter err, Skips skips) {
        try (ProgressBar bar = new ProgressBar(err, "embedding images", images.size())) {
            for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                List<LabelledImage> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                BatchResult<LabelledImage> added = classifier.addImages(batch);
                bar.step(batch.size());
                if (!skips.record(added.failures())) {
                    return;
                }
            }
        }
    }

    /**
     * Evaluates on labelled images, a batch at a time, showing progress; unreadable images go to {@code skips}
     * and are left out of the figures. Returns null when {@code --strict} stopped it.
     */
    static Evaluation evaluate(Classifier classifier, List<LabelledImage> images, PrintWriter err, Skips skips) {
        List<String> labels = classifier.labels();
        for (LabelledImage li : images) {
            if (!labels.contains(li.label())) {
                throw new TrainingDataException("test label '" + li.label() + "' (" + li.image().source()
                        + ") is not one of the classifier's labels " + labels);
            }
        }
        List<BatchResult.Outcome<Classification>> all = new ArrayList<>(images.size());
        try (ProgressBar bar = new ProgressBar(err, "evaluating", images.size())) {
            for (int i = 0; i < images.size(); i += FeatureExtractor.MAX_BATCH) {
                List<LabelledImage> batch = images.subList(i, Math.min(images.size(), i + FeatureExtractor.MAX_BATCH));
                BatchResult<Classification> results = classifier.classify(
                        batch.stream().map(LabelledImage::image).toList());
                bar.step(batch.size());
                if (!skips.record(results.failures())) {
                    return null;
                }
                for (BatchResult.Outcome<Classification> o : results.outcomes()) {
                    all.add(reindex(o, i + o.index()));
                }
            }
        }
        return Classifier.evaluation(labels, images, new BatchResult<>(all));
    }

    /** {@code o} at position {@code index} of a longer run. */
    static <T> BatchResult.Outcome<T> reindex(BatchResult.Outcome<T> o, int index) {
        if (o instanceof BatchResult.Success<T> s) {
            return new BatchResult.Success<>(index, s.source(), s.value());
        }
        return new BatchResult.Failure<>(index, o.source(), ((BatchResult.Failure<T>) o).error());
    }

    /**
     * Inputs for the given paths: files as they are, folders walked recursively (image files by name, sorted).
     * A path that does not exist or cannot be read stays an input, so it gets its own error line when used.
     */
    static List<ImageInput> images(List<Path> paths) {
        List<ImageInput> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                try {
                    Files.walkFileTree(p, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && ImageInput.hasImageExtension(file)) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            found.add(file); // reported when it is read
                            return FileVisitResult.CONTINUE;
                        }
                    });
                } catch (IOException e) {
                    found.add(p);
                }
                found.stream().sorted().forEach(f -> out.add(ImageInput.of(f)));
            } else {
                out.add(ImageInput.of(p));
            }
        }
        return out;
    }
}
