package io.github.mask4j;

import java.awt.image.BufferedImage;

/** Builds raw frames from decoded images, the way a WebRTC decoder would hand them out. */
public final class TestImages {
    private TestImages() {}

    /** BT.601 limited-range I420 (Y plane, U plane, V plane) of an image. */
    public static byte[] toI420(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] out = new byte[w * h + 2 * cw * ch];
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                out[y * w + x] = (byte) clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b);
            }
        }
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int sx = Math.min(w - 1, 2 * x + dx);
                        int sy = Math.min(h - 1, 2 * y + dy);
                        int p = argb[sy * w + sx];
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                        n++;
                    }
                }
                r /= n;
                g /= n;
                b /= n;
                out[w * h + y * cw + x] = (byte) clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
                out[w * h + cw * ch + y * cw + x] = (byte) clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
