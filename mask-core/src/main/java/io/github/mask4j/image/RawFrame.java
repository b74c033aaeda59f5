package io.github.mask4j.image;

import io.github.mask4j.InvalidImageException;
import java.util.Objects;

/**
 * A raw, undecoded video frame: pixels in a {@link PixelFormat} with a width, height and row stride. The
 * constructor checks that the buffer is large enough, so a bad frame fails where it is made, not deep in
 * preprocessing.
 *
 * <p>Immutable as long as the caller leaves {@code data} alone; thread-safe.
 *
 * @param format pixel layout
 * @param width width in pixels
 * @param height height in pixels
 * @param stride bytes from one row to the next in the first plane (at least {@code width * bytesPerPixel})
 * @param data the pixels; for {@link PixelFormat#I420} the Y, U and V planes one after another
 * @param source a name for errors and results, such as "alice/camera frame 120"
 */
public record RawFrame(PixelFormat format, int width, int height, int stride, byte[] data, String source)
        implements ImageInput {

    public RawFrame {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(source, "source");
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(source, "frame size must be positive, got " + width + "x" + height);
        }
        if (stride < width * format.bytesPerPixel()) {
            throw new InvalidImageException(source, "stride " + stride + " is smaller than width " + width + " x "
                    + format.bytesPerPixel() + " bytes per pixel for " + format);
        }
        long needed = requiredBytes(format, width, height, stride);
        if (data.length < needed) {
            throw new InvalidImageException(source, format + " frame " + width + "x" + height + " with stride "
                    + stride + " needs " + needed + " bytes, got " + data.length);
        }
    }

    /** A packed frame with rows exactly {@code width * bytesPerPixel} bytes long. */
    public static RawFrame packed(PixelFormat format, int width, int height, byte[] data) {
        if (format == PixelFormat.I420) {
            return i420(width, height, data);
        }
        return new RawFrame(format, width, height, width * format.bytesPerPixel(), data,
                format + " frame " + width + "x" + height);
    }

    /** An I420 frame with the Y stride equal to the width. */
    public static RawFrame i420(int width, int height, byte[] data) {
        return new RawFrame(PixelFormat.I420, width, height, width, data, "I420 frame " + width + "x" + height);
    }

    /** The same frame under another name. */
    public RawFrame withSource(String newSource) {
        return new RawFrame(format, width, height, stride, data, newSource);
    }

    /** Bytes from one chroma row to the next (I420 only). */
    public int chromaStride() {
        return (stride + 1) / 2;
    }

    /** Offset of the U plane in {@link #data()} (I420 only). */
    public int uOffset() {
        return stride * height;
    }

    /** Offset of the V plane in {@link #data()} (I420 only). */
    public int vOffset() {
        return uOffset() + chromaStride() * ((height + 1) / 2);
    }

    static long requiredBytes(PixelFormat format, int width, int height, int stride) {
        if (format == PixelFormat.I420) {
            long chroma = (long) ((stride + 1) / 2) * ((height + 1) / 2);
            return (long) stride * height + 2 * chroma;
        }
        return (long) stride * (height - 1) + (long) width * format.bytesPerPixel();
    }

    @Override
    public String toString() {
        return "RawFrame[" + format + " " + width + "x" + height + " stride " + stride + ", " + source + "]";
    }
}
