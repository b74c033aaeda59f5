package io.github.mask4j.internal.imaging;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.Region;
import io.github.mask4j.image.ResizeMode;

/**
 * Writes one image into an NCHW float tensor: crop, bilinear resize with half-pixel centres (no antialiasing,
 * the same arithmetic as the reference preprocessing in the models' provenance), normalisation. Stateless and
 * thread-safe; scratch buffers are per call.
 */
public final class TensorWriter {
    private final Preprocessing spec;
    private final float[] scale = new float[3];
    private final float[] bias = new float[3];
    private final int[] planeOfRgb = new int[3];

    public TensorWriter(Preprocessing spec) {
        this.spec = spec;
        float[] mean = spec.mean();
        float[] std = spec.std();
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            bias[c] = -mean[c] / std[c];
        }
        boolean bgr = spec.channelOrder() == ChannelOrder.BGR;
        planeOfRgb[0] = bgr ? 2 : 0;
        planeOfRgb[1] = 1;
        planeOfRgb[2] = bgr ? 0 : 2;
    }

    public Preprocessing spec() {
        return spec;
    }

    /** Decodes {@code input} (resolving any crop) and writes it at {@code offset} of {@code tensor}. */
    public void write(ImageInput input, float[] tensor, int offset) {
        Resolved r = resolve(input);
        write(r.pixels(), r.area(), tensor, offset);
    }

    /** Decoded pixels and the part of them an input stands for. */
    private record Resolved(PixelSource pixels, Region area) {}

    /** Crops compose: each is relative to (and clipped to) the area of the input it wraps. */
    private static Resolved resolve(ImageInput input) {
        if (input instanceof ImageInput.Cropped c) {
            Resolved outer = resolve(c.image());
            Region a = outer.area();
            Region r = c.region();
            Region inner = new Region(a.x() + r.x(), a.y() + r.y(), r.width(), r.height()).clipTo(a);
            if (inner == null) {
                throw new InvalidImageException(input.source(), "crop " + r + " lies outside the "
                        + (int) a.width() + "x" + (int) a.height() + " image");
            }
            return new Resolved(outer.pixels(), inner);
        }
        if (input instanceof ImageInput.CentreCropped c) {
            Resolved outer = resolve(c.image());
            Region a = outer.area();
            double side = Math.min(a.width(), a.height()) * c.fraction();
            return new Resolved(outer.pixels(),
                    new Region(a.x() + (a.width() - side) / 2, a.y() + (a.height() - side) / 2, side, side));
        }
        PixelSource pixels = ImageDecoder.pixels(input);
        return new Resolved(pixels, new Region(0, 0, pixels.width(), pixels.height()));
    }

    /** Writes {@code area} of {@code pixels} at {@code offset} of {@code tensor}. */
    public void write(PixelSource pixels, Region area, float[] tensor, int offset) {
        double ax = area.x();
        double ay = area.y();
        double aw = area.width();
        double ah = area.height();
        if (spec.resizeMode() == ResizeMode.CENTER_CROP) {
            double side = Math.min(aw, ah);
            // Whole-pixel offsets, as the reference preprocessing in the models' provenance does; at 128 px
            // without antialiasing half a pixel moves top-1 confidences by several points.
            ax += Math.floor((aw - side) / 2);
            ay += Math.floor((ah - side) / 2);
            aw = side;
            ah = side;
        }
        int outW = spec.width();
        int outH = spec.height();
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        axis(ax, aw / outW, outW, pixels.width(), x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] fy = new float[outH];
        axis(ay, ah / outH, outH, pixels.height(), y0, y1, fy);

        float[] top0 = new float[3 * outW];
        float[] top1 = new float[3 * outW];
        float[] bot0 = new float[3 * outW];
        float[] bot1 = new float[3 * outW];
        int plane = outW * outH;
        int p0 = offset + planeOfRgb[0] * plane;
        int p1 = offset + planeOfRgb[1] * plane;
        int p2 = offset + planeOfRgb[2] * plane;
        int lastTop = -1;
        int lastBottom = -1;
        for (int oy = 0; oy < outH; oy++) {
            // Consecutive output rows often share source rows when downscaling little or upscaling.
            if (y0[oy] != lastTop) {
                pixels.readRow(y0[oy], x0, outW, top0);
                pixels.readRow(y0[oy], x1, outW, top1);
                lastTop = y0[oy];
            }
            if (y1[oy] != lastBottom) {
                pixels.readRow(y1[oy], x0, outW, bot0);
                pixels.readRow(y1[oy], x1, outW, bot1);
                lastBottom = y1[oy];
            }
            float wy = fy[oy];
            int row = oy * outW;
            for (int ox = 0, i = 0; ox < outW; ox++, i += 3) {
                float wx = fx[ox];
                for (int c = 0; c < 3; c++) {
                    float t = top0[i + c] + (top1[i + c] - top0[i + c]) * wx;
                    float b = bot0[i + c] + (bot1[i + c] - bot0[i + c]) * wx;
                    float v = (t + (b - t) * wy) * scale[c] + bias[c];
                    int base = c == 0 ? p0 : (c == 1 ? p1 : p2);
                    tensor[base + row + ox] = v;
                }
            }
        }
    }

    private static void axis(double start, double step, int out, int limit, int[] i0, int[] i1, float[] frac) {
        for (int o = 0; o < out; o++) {
            double s = start + (o + 0.5) * step - 0.5;
            s = Math.max(0, Math.min(limit - 1, s));
            int a = (int) Math.floor(s);
            i0[o] = a;
            i1[o] = Math.min(a + 1, limit - 1);
            frac[o] = (float) (s - a);
        }
    }
}
