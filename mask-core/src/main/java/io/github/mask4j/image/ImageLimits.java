package io.github.mask4j.image;

import io.github.mask4j.ImageTooLargeException;
import java.util.Locale;

/**
 * Limits checked on an encoded image's header before any pixel memory is allocated, so that a small file that
 * claims a huge size (a decompression bomb) is refused with
 * {@link io.github.mask4j.ImageTooLargeException} instead of exhausting the heap.
 *
 * <p>The limits in force are {@link #current()}: those set with {@link #setCurrent(ImageLimits)}, else those of
 * the system property {@value #MAX_PIXELS_PROPERTY} (a pixel count, e.g. {@code -Dmask4j.image.maxPixels=100000000}),
 * else {@link #DEFAULT_MAX_PIXELS}.
 *
 * <pre>{@code
 * ImageLimits.setCurrent(ImageLimits.builder().maxPixels(100_000_000).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #setCurrent} may be called from any thread.
 *
 * @param maxPixels largest width x height accepted; positive
 */
public record ImageLimits(long maxPixels) {

    /** About 50 megapixels (8660 x 5773): larger than any phone photo, about 200 MB as 4-byte pixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** System property holding the default {@link #maxPixels()}. */
    public static final String MAX_PIXELS_PROPERTY = ImageTooLargeException.MAX_PIXELS_PROPERTY;

    private static volatile ImageLimits override;

    public ImageLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /**
     * The limits from the system property {@value #MAX_PIXELS_PROPERTY}, or {@link #DEFAULT_MAX_PIXELS} when it
     * is not set.
     *
     * @throws IllegalArgumentException if the property is set but is not a positive whole number
     */
    public static ImageLimits defaults() {
        String value = System.getProperty(MAX_PIXELS_PROPERTY);
        if (value == null || value.isBlank()) {
            return new ImageLimits(DEFAULT_MAX_PIXELS);
        }
        try {
            return new ImageLimits(Long.parseLong(value.strip().replace("_", "").toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + MAX_PIXELS_PROPERTY
                    + " must be a positive pixel count such as 50000000, got '" + value + "'", e);
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

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private long maxPixels = defaults().maxPixels();

        private Builder() {}

        /** Largest width x height accepted. */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        public ImageLimits build() {
            return new ImageLimits(maxPixels);
        }
    }
}
