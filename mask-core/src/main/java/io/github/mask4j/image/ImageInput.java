package io.github.mask4j.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image handed to mask4j: a decoded {@link BufferedImage}, encoded bytes (JPEG, PNG, BMP, GIF), a file, or
 * a raw video frame ({@link RawFrame}), optionally cropped to a {@link Region}. Nothing is decoded until the
 * image is used, so building inputs is cheap.
 *
 * <pre>{@code
 * ImageInput a = ImageInput.of(Path.of("mask.jpg"));
 * ImageInput b = ImageInput.of(bufferedImage);
 * ImageInput c = ImageInput.of(jpegBytes, "upload #12");
 * ImageInput d = RawFrame.i420(640, 480, yuvBytes).crop(new Region(100, 80, 200, 200));
 * }</pre>
 *
 * <p>Inputs are immutable values and thread-safe, as long as the caller does not change the pixels of a
 * {@code BufferedImage} or byte array it handed over while mask4j reads them.
 */
public sealed interface ImageInput
        permits ImageInput.Buffered, ImageInput.Encoded, ImageInput.File, ImageInput.Cropped, RawFrame {

    /** Where the image came from, for error messages and results. */
    String source();

    /** This image restricted to {@code region} (in this image's pixels; clipped to its bounds when used). */
    default ImageInput crop(Region region) {
        return new Cropped(this, region);
    }

    static ImageInput of(BufferedImage image) {
        return new Buffered(image, "BufferedImage " + image.getWidth() + "x" + image.getHeight());
    }

    static ImageInput of(Path path) {
        return new File(path);
    }

    /** Encoded image bytes; {@code source} names them in errors (a file name, a URL, "frame 12"). */
    static ImageInput of(byte[] encoded, String source) {
        return new Encoded(encoded, source);
    }

    /** A decoded image. */
    record Buffered(BufferedImage image, String source) implements ImageInput {
        public Buffered {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Encoded bytes: JPEG, PNG, BMP or GIF. */
    record Encoded(byte[] bytes, String source) implements ImageInput {
        public Encoded {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(source, "source");
        }
    }

    /** An image file: JPEG, PNG, BMP or GIF. */
    record File(Path path) implements ImageInput {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String source() {
            return path.toString();
        }
    }

    /** Part of another image. */
    record Cropped(ImageInput image, Region region) implements ImageInput {
        public Cropped {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String source() {
            return image.source() + " " + region;
        }
    }
}
