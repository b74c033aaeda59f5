package io.github.mask4j.frame;

import io.github.mask4j.image.ImageInput;
import java.util.Objects;

/**
 * One video frame with where and when it came from.
 *
 * <p>Immutable and thread-safe (see {@link ImageInput} on the pixels).
 *
 * @param origin room, participant and track
 * @param timestampMillis time of the frame in milliseconds on the source's clock (the room's clock for rooms)
 * @param image the pixels
 */
public record Frame(FrameOrigin origin, long timestampMillis, ImageInput image) {
    public Frame {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(image, "image");
    }
}
