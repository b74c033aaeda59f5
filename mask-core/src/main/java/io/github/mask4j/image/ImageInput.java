package io.github.mask4j.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An image handed to mask4j: a decoded {@link BufferedImage}, encoded bytes (JPEG, PNG, WebP, GIF, BMP, TIFF, ICO;
 * {@link #IMAGE_EXTENSIONS}), a file, or
 * a raw video frame ({@link RawFrame}), optionally cropped to a {@link Region}. Nothing is decoded until the
 * image is used, so building inputs is cheap.
 *
 * <pre>{@code
 * ImageInput a = ImageInput.of(Path.of("mask.jpg"));
 * ImageInput b = ImageInput.of(bufferedImage);
 * ImageInput c = ImageInput.of(jpegBytes, "upload #12");
 * ImageInput d = RawFrame.i420(640, 480, yuvBytes).crop(new Region(100, 80, 200, 200));
 * ImageInput e = ImageInput.of(jpegBytes, "camera").centreCrop(0.6);
 * }</pre>
 *
 * <p>Inputs are immutable values and thread-safe, as long as the caller does not change the pixels of a
 * {@code BufferedImage} or byte array it handed over while mask4j reads them.
 */
public sealed interface ImageInput
        permits ImageInput.Buffered, ImageInput.Encoded, ImageInput.File, ImageInput.Cropped, ImageInput.CentreCropped,
        RawFrame {

    /** Where the image came from, for error messages and results. */
    String source();

    /** This image restricted to {@code region} (in this image's pixels; clipped to its bounds when used). */
    default ImageInput crop(Region region) {
        return new Cropped(this, region);
    }

    /**
     * The centre of this image: a square whose side is {@code fraction} of the shorter side. Faces in webcam
     * frames sit near the middle, and a classifier trained on face crops does better on that than on the whole
     * frame. Works for every kind of input, since it is resolved once the image's size is known.
     */
    default ImageInput centreCrop(double fraction) {
        return fraction == 1.0 ? this : new CentreCropped(this, fraction);
    }

    /**
     * {@code fraction} when it is a valid {@link #centreCrop} fraction, in (0, 1], so that options taking one can
     * refuse a bad value when they are set rather than on the first frame.
     *
     * @throws IllegalArgumentException otherwise
     */
    static double centreCropFraction(double fraction) {
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("centreCrop must be in (0, 1], got " + fraction);
        }
        return fraction;
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

    /**
     * File name endings (lower case, with the dot) of the formats mask4j decodes; folder listings
     * ({@code LabelledImage.fromDirectory}, the command line) pick files by these. The format itself is read
     * from the file's first bytes, so a PNG named {@code .jpg} still decodes.
     */
    List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp",
            ".dib", ".tif", ".tiff", ".ico");

    /** Whether {@code path}'s file name ends with one of {@link #IMAGE_EXTENSIONS} (any case). */
    static boolean hasImageExtension(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** A decoded image. */
    record Buffered(BufferedImage image, String source) implements ImageInput {
        public Buffered {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Encoded bytes in any of the formats listed at {@link ImageInput}. */
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

    /** The centre square of another image, {@code fraction} of its shorter side. */
    record CentreCropped(ImageInput image, double fraction) implements ImageInput {
        public CentreCropped {
            Objects.requireNonNull(image, "image");
            centreCropFraction(fraction);
        }

        @Override
        public String source() {
            return image.source() + " centre " + fraction;
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
