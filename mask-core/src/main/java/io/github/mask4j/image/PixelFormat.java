package io.github.mask4j.image;

/**
 * Layouts of raw video frames, as cameras, canvases and WebRTC decoders hand them out.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum PixelFormat {
    /** Packed 8-bit R, G, B (3 bytes a pixel). */
    RGB(3),
    /** Packed 8-bit B, G, R (3 bytes a pixel; OpenCV's and Java's TYPE_3BYTE_BGR order). */
    BGR(3),
    /** Packed 8-bit A, R, G, B (4 bytes a pixel; alpha ignored). */
    ARGB(4),
    /** Packed 8-bit R, G, B, A (4 bytes a pixel, as a canvas's ImageData; alpha ignored). */
    RGBA(4),
    /** Packed 8-bit B, G, R, A (4 bytes a pixel; alpha ignored). */
    BGRA(4),
    /**
     * Planar YUV 4:2:0 (Y plane, then U, then V at half width and height), BT.601 limited range, as WebRTC
     * decoders produce. The stride is the Y plane's; chroma rows are {@code (stride + 1) / 2} bytes.
     */
    I420(1);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    /** Bytes a pixel takes in the first (or only) plane. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }
}
