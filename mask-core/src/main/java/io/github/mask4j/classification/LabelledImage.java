package io.github.mask4j.classification;

import io.github.mask4j.image.ImageInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An image with its true label, for training in bulk and for evaluation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the image
 * @param label its label
 */
public record LabelledImage(ImageInput image, String label) {
    public LabelledImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(label, "label");
    }

    public static LabelledImage of(Path file, String label) {
        return new LabelledImage(ImageInput.of(file), label);
    }

    /**
     * Every image (JPEG, PNG, BMP, GIF) in a folder-per-label directory ({@code dir/with_mask/*.jpg},
     * {@code dir/without_mask/*.jpg}), labels and files in name order.
     */
    public static List<LabelledImage> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("not a directory: " + dir));
        }
        List<LabelledImage> out = new ArrayList<>();
        try (Stream<Path> labels = Files.list(dir)) {
            for (Path labelDir : labels.filter(Files::isDirectory).sorted().toList()) {
                String label = labelDir.getFileName().toString();
                try (Stream<Path> files = Files.list(labelDir)) {
                    files.filter(Files::isRegularFile).filter(LabelledImage::isImageFile).sorted()
                            .forEach(f -> out.add(of(f, label)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }
}
