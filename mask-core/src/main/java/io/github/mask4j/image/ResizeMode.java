package io.github.mask4j.image;

/**
 * How an image of any shape becomes the model's square input.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ResizeMode {
    /** Take the largest centred square, then resize it (keeps proportions; the default). */
    CENTER_CROP,
    /** Resize the whole image to the input size, distorting proportions (what ml5.js does). */
    SQUASH
}
