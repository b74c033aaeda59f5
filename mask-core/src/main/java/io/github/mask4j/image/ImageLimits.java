package io.github.mask4j.image;

import io.github.mask4j.ImageTooLargeException;
import java.util.Locale;

/**
 * Limits checked before an image costs memory: an image file's size before it is read (a multi-gigabyte file in a
 * photo folder is refused with {@link io.github.mask4j.InvalidImageException} instead of filling the heap), and an
 * encoded image's header before any pixel memory is allocated, so that a small file that claims a huge size (a
 * decompression bomb) is refused with {@link io.github.mask4j.ImageTooLargeException}.
 *
 * <p>The limits in force are {@link #current()}: those set with {@link #setCurrent(ImageLimits)}, else those of
 * the system properties {@value #MAX_PIXELS_PROPERTY} (a pixel count, e.g. {@code -Dmask4j.image.maxPixels=100000000})
 * and {@value #MAX_FILE_BYTES_PROPERTY} (bytes), else {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_MAX_FILE_BYTES}.
 *
 * <pre>{@code
 * ImageLimits.setCurrent(ImageLimits.builder().maxPixels(100_000_000).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #setCurrent} may be called from any thread.
 *
 * @param maxPixels largest width x height accepted; positive
 * @param maxFileBytes largest image file read, in bytes; positive
 */
public record ImageLimits(long maxPixels, long maxFileBytes) {

    /** About 50 megapixels (8660 x 5773): larger than any phone photo, about 200 MB as 4-byte pixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /**
     * 256 MiB: more than any encoded photo within {@link #DEFAULT_MAX_PIXELS} (an uncompressed 50-megapixel RGBA
     * TIFF is 200 MB).
     */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    /** System property holding the default {@link #maxPixels()}. */
    public static final String MAX_PIXELS_PROPERTY = ImageTooLargeException.MAX_PIXELS_PROPERTY;

    /** System property holding the default {@link #maxFileBytes()}. */
    public static final String MAX_FILE_BYTES_PROPERTY = "mask4j.image.maxFileBytes";

    private static volatile ImageLimits override;

    public ImageLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
    }

    /** A pixel limit with the default file-size limit ({@link #DEFAULT_MAX_FILE_BYTES}). */
    public ImageLimits(long maxPixels) {
        this(maxPixels, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * The limits from the system properties {@value #MAX_PIXELS_PROPERTY} and {@value #MAX_FILE_BYTES_PROPERTY},
     * or {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_MAX_FILE_BYTES} where they are not set.
     *
     * @throws IllegalArgumentException if a property is set but is not a positive whole number
     */
    public static ImageLimits defaults() {
        return new ImageLimits(property(MAX_PIXELS_PROPERTY, DEFAULT_MAX_PIXELS, "pixel count such as 50000000"),
                property(MAX_FILE_BYTES_PROPERTY, DEFAULT_MAX_FILE_BYTES, "byte count such as 268435456"));
    }

    private static long property(String name, long fallback, String example) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(value.strip().replace("_", "").toLowerCase(Locale.ROOT));
            if (v <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + name + " must be a positive " + example
                    + ", got '" + value + "'", e);
        }
    }

    /** The limits every image decode checks: the ones {@linkplain #setCurrent set}, else {@link #defaults()}. */
    public static ImageLimits current() {
        ImageLimits set = override;
        return set != null ? set : defaults();
    }

    /** Sets the limits for every later decode in this JVM; {@code null} goes back to {@link #defaults()}. */
    public static void setCurrent(ImageLimits limits) {
        override = limits;
    }

    /** Whether an image of {@code width x height} is within these limits. */
    public boolean allows(long width, long height) {
        return width > 0 && height > 0 && width * height <= maxPixels;
    }

    /** Whether an image file of {@code bytes} may be read. */
    public boolean allowsFile(long bytes) {
        return bytes >= 0 && bytes <= maxFileBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private long maxPixels;
        private long maxFileBytes;

        private Builder() {
            ImageLimits d = defaults();
            maxPixels = d.maxPixels();
            maxFileBytes = d.maxFileBytes();
        }

        /** Largest width x height accepted. */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /** Largest image file read, in bytes. */
        public Builder maxFileBytes(long maxFileBytes) {
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        public ImageLimits build() {
            return new ImageLimits(maxPixels, maxFileBytes);
        }
    }
}
