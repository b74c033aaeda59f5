package io.github.mask4j.classification;

import java.util.Objects;

/**
 * A labelled image with the name of the source it came from (a web site, a data set, a camera), for
 * leave-one-source-out evaluation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the image and its true label
 * @param source where it came from
 */
public record SourcedImage(LabelledImage image, String source) {
    public SourcedImage {
        Objects.requireNonNull(image, "image");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a source must be a non-empty name, got " + source);
        }
    }
}
