package io.github.mask4j.frame;

import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.imaging.ImageDecoder;
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

    /**
     * This frame with its image decoded now, no larger than a consumer needs: an encoded image (or file) whose
     * shorter side is at least twice {@code minShortSide} is decoded keeping every k-th pixel of every k-th row
     * (ImageIO source subsampling), k as large as leaves the shorter side at least {@code minShortSide}; smaller
     * images are decoded whole. A 640x480 JPEG for a 224-pixel model decodes to 320x240, about a quarter of the
     * raster and colour-conversion work. A {@link ImageInput#centreCrop centre crop} keeps its fraction (its
     * shorter side then needs {@code minShortSide / fraction}); an image cropped to a pixel region is decoded at
     * full size, since the region is in the full image's pixels. Decoded images and raw frames come back as they
     * are.
     *
     * <p>Choose {@code minShortSide} from the consumer: a classifier's input side (the larger of its width and
     * height), a face detector's input side; pixel-region crops made afterwards are in the decoded image's pixels.
     *
     * @param minShortSide the fewest pixels the decoded image's shorter side may have; 0 decodes every pixel
     * @throws io.github.mask4j.InvalidImageException if the image cannot be decoded
     */
    public Frame decoded(int minShortSide) {
        ImageInput d = ImageDecoder.decoded(image, minShortSide);
        return d == image ? this : new Frame(origin, timestampMillis, d);
    }
}
