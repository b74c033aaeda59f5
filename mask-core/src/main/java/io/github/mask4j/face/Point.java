package io.github.mask4j.face;

/**
 * A point in image pixels, such as a facial landmark.
 *
 * <p>Immutable and thread-safe.
 *
 * @param x horizontal position, from the left edge
 * @param y vertical position, from the top edge
 */
public record Point(double x, double y) {}
