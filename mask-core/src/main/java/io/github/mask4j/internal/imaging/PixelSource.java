package io.github.mask4j.internal.imaging;

/**
 * Read access to decoded pixels without copying the whole image: the resizer asks only for the source pixels it
 * interpolates between, so a 1280x720 frame costs the same as a 224x224 one. Read-only views: thread-safe as
 * long as the pixels do not change.
 */
public abstract class PixelSource {
    final int width;
    final int height;

    PixelSource(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Writes the three channels (0..255) of the pixels at {@code xs[i]} of row {@code y} into {@code c0[i]},
     * {@code c1[i]} and {@code c2[i]}: R, G, B, or Y, U, V when {@link #isYuv()}.
     */
    abstract void readRow(int y, int[] xs, int count, float[] c0, float[] c1, float[] c2);

    /**
     * Whether {@link #readRow} gives BT.601 limited-range Y, U, V. The conversion to RGB is affine, so the
     * writer interpolates YUV and converts once per output pixel instead of once per sample.
     */
    boolean isYuv() {
        return false;
    }

    /** Interleaved bytes with a fixed distance between pixels (BGR, RGB, ABGR, RGBA ... and grey). */
    static final class Interleaved extends PixelSource {
        final byte[] data;
        final int offset;
        final int rowStride;
        final int pixelStride;
        final int r;
        final int g;
        final int b;

        Interleaved(int width, int height, byte[] data, int offset, int rowStride, int pixelStride, int r, int g,
                int b) {
            super(width, height);
            this.data = data;
            this.offset = offset;
            this.rowStride = rowStride;
            this.pixelStride = pixelStride;
            this.r = r;
            this.g = g;
            this.b = b;
        }

        @Override
        void readRow(int y, int[] xs, int count, float[] ro, float[] go, float[] bo) {
            int row = offset + y * rowStride;
            for (int i = 0; i < count; i++) {
                int p = row + xs[i] * pixelStride;
                ro[i] = data[p + r] & 0xFF;
                go[i] = data[p + g] & 0xFF;
                bo[i] = data[p + b] & 0xFF;
            }
        }
    }

    /** Pixels packed into ints (Java's TYPE_INT_RGB / TYPE_INT_ARGB / TYPE_INT_BGR). */
    static final class PackedInts extends PixelSource {
        private final int[] data;
        final int offset;
        final int rowStride;
        private final int rShift;
        private final int gShift;
        private final int bShift;

        PackedInts(int width, int height, int[] data, int offset, int rowStride, int rShift, int gShift,
                int bShift) {
            super(width, height);
            this.data = data;
            this.offset = offset;
            this.rowStride = rowStride;
            this.rShift = rShift;
            this.gShift = gShift;
            this.bShift = bShift;
        }

        @Override
        void readRow(int y, int[] xs, int count, float[] ro, float[] go, float[] bo) {
            int row = offset + y * rowStride;
            for (int i = 0; i < count; i++) {
                int v = data[row + xs[i]];
                ro[i] = (v >>> rShift) & 0xFF;
                go[i] = (v >>> gShift) & 0xFF;
                bo[i] = (v >>> bShift) & 0xFF;
            }
        }
    }

    /** Planar YUV 4:2:0; converted to RGB by the writer (BT.601 limited range, as libyuv's I420ToARGB). */
    static final class I420 extends PixelSource {
        final byte[] data;
        final int yStride;
        final int cStride;
        final int uOffset;
        final int vOffset;

        I420(int width, int height, byte[] data, int yStride, int cStride, int uOffset, int vOffset) {
            super(width, height);
            this.data = data;
            this.yStride = yStride;
            this.cStride = cStride;
            this.uOffset = uOffset;
            this.vOffset = vOffset;
        }

        @Override
        void readRow(int y, int[] xs, int count, float[] yo, float[] uo, float[] vo) {
            int yRow = y * yStride;
            int uRow = uOffset + (y >> 1) * cStride;
            int vRow = vOffset + (y >> 1) * cStride;
            for (int i = 0; i < count; i++) {
                int x = xs[i];
                yo[i] = data[yRow + x] & 0xFF;
                uo[i] = data[uRow + (x >> 1)] & 0xFF;
                vo[i] = data[vRow + (x >> 1)] & 0xFF;
            }
        }

        @Override
        boolean isYuv() {
            return true;
        }
    }
}
