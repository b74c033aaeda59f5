package io.github.mask4j.classification;

import io.github.mask4j.image.ImageInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image with its true label, for training in bulk and for evaluation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the image
 * @param label its label
 */
public record LabelledImage(ImageInput image, String label) {
    private static final Logger LOG = LoggerFactory.getLogger(LabelledImage.class);

    public LabelledImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(label, "label");
    }

    public static LabelledImage of(Path file, String label) {
        return new LabelledImage(ImageInput.of(file), label);
    }

    /**
     * Every image file in a folder-per-label directory ({@code dir/with_mask/*.jpg},
     * {@code dir/without_mask/*.jpg}), labels and files in name order. Files are picked by name
     * ({@link ImageInput#hasImageExtension}); nothing is decoded here, so a damaged file is listed and reported
     * by the batch call that reads it ({@link Classifier#addImages}, {@link Classifier#evaluate}). Folders named
     * like images are not files and are skipped; a label folder that cannot be listed is skipped with a logged
     * warning rather than losing the whole listing.
     *
     * @throws UncheckedIOException when {@code dir} is not a directory or cannot be listed
     */
    public static List<LabelledImage> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("not a directory: " + dir));
        }
        List<LabelledImage> out = new ArrayList<>();
        List<Path> labelDirs;
        try (Stream<Path> labels = Files.list(dir)) {
            labelDirs = labels.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path labelDir : labelDirs) {
            String label = labelDir.getFileName().toString();
            try (Stream<Path> files = Files.list(labelDir)) {
                files.filter(Files::isRegularFile).filter(ImageInput::hasImageExtension).sorted()
                        .forEach(f -> out.add(of(f, label)));
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("skipping label folder {}: cannot list it ({})", labelDir, e.getMessage());
            }
        }
        return out;
    }
}
