package io.github.mask4j;

import java.util.Locale;

/**
 * An image's header claims more pixels than {@code ImageLimits.current()} allows; it was refused before any
 * pixel memory was allocated. The message names the size and the limit, and how to raise it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ImageTooLargeException extends InvalidImageException {
    /**
     * The system property that sets the pixel limit (read by {@code ImageLimits}); named here because this
     * package depends on no other and the message names it.
     */
    public static final String MAX_PIXELS_PROPERTY = "mask4j.image.maxPixels";
    private static final long serialVersionUID = 1L;
    private final long width;
    private final long height;
    private final long maxPixels;

    public ImageTooLargeException(String source, long width, long height, long maxPixels) {
        super(source, String.format(Locale.ROOT,
                "image is %dx%d (%,d pixels), more than the limit of %,d pixels; scale it down, or raise the limit"
                        + " with ImageLimits.setCurrent(...) or -D%s=N",
                width, height, width * height, maxPixels, MAX_PIXELS_PROPERTY));
        this.width = width;
        this.height = height;
        this.maxPixels = maxPixels;
    }

    /** Width claimed by the image's header. */
    public long width() {
        return width;
    }

    /** Height claimed by the image's header. */
    public long height() {
        return height;
    }

    /** The pixel limit that was in force. */
    public long maxPixels() {
        return maxPixels;
    }
}
