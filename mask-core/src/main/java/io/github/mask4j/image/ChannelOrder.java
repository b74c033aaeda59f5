package io.github.mask4j.image;

/**
 * Order of the colour planes in a model's NCHW input.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ChannelOrder {
    RGB,
    BGR
}
