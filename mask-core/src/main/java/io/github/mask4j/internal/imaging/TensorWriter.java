package io.github.mask4j.internal.imaging;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.Region;
import io.github.mask4j.image.ResizeMode;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Writes one image into an NCHW float tensor: crop, bilinear resize with half-pixel centres (no antialiasing,
 * the same arithmetic as the reference preprocessing in the models' provenance), normalisation. Stateless and
 * thread-safe; scratch buffers are per call.
 */
public final class TensorWriter {
    /** Fewer rows than this per core are not worth a fork (about 50 microseconds of work at 224 px wide). */
    private static final int MIN_ROWS_PER_PART = 32;

    private final Preprocessing spec;
    private final float[] scale = new float[3];
    private final float[] bias = new float[3];
    private final int[] planeOfRgb = new int[3];
    private final boolean splitRows;
    private final float[] byteTable;

    /** A writer that uses the caller's thread only. */
    public TensorWriter(Preprocessing spec) {
        this(spec, false);
    }

    /**
     * @param splitRows whether one image's rows may be written on several cores at once (the common fork-join
     *     pool): for a model that runs one image at a time on every core, so that preprocessing a frame does not
     *     leave all but one core idle; not for callers that already spread images over cores
     */
    public TensorWriter(Preprocessing spec, boolean splitRows) {
        this.spec = spec;
        this.splitRows = splitRows;
        float[][] affine = normalisation(spec);
        System.arraycopy(affine[0], 0, scale, 0, 3);
        System.arraycopy(affine[1], 0, bias, 0, 3);
        boolean bgr = spec.channelOrder() == ChannelOrder.BGR;
        planeOfRgb[0] = bgr ? 2 : 0;
        planeOfRgb[1] = 1;
        planeOfRgb[2] = bgr ? 0 : 2;
        byteTable = FusedResize.byteTable(scale, bias);
    }

    /**
     * The per-channel {@code {scale, bias}} (RGB order) that turn a 0..255 pixel value {@code v} into the model's
     * input {@code v * scale + bias}, i.e. {@code (v / 255 - mean) / std}. Exported graphs use the same numbers.
     */
    public static float[][] normalisation(Preprocessing spec) {
        float[] mean = spec.mean();
        float[] std = spec.std();
        float[][] affine = new float[2][3];
        for (int c = 0; c < 3; c++) {
            affine[0][c] = 1f / (255f * std[c]);
            affine[1][c] = -mean[c] / std[c];
        }
        return affine;
    }

    public Preprocessing spec() {
        return spec;
    }

    /**
     * The RGB pixels, 0..255, interleaved row by row ({@code [height][width][3]}), that {@code input} becomes
     * when cropped and resized as {@code spec} says: what an exported model's {@code image} input expects.
     */
    public static byte[] resizedRgb(ImageInput input, Preprocessing spec) {
        Preprocessing raw = Preprocessing.builder().size(spec.width(), spec.height()).raw255()
                .channelOrder(ChannelOrder.RGB).resizeMode(spec.resizeMode()).build();
        float[] planes = new float[raw.tensorSize()];
        new TensorWriter(raw).write(input, planes, 0);
        int plane = spec.width() * spec.height();
        byte[] hwc = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                hwc[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(planes[c * plane + i])));
            }
        }
        return hwc;
    }

    /** Decodes {@code input} (resolving any crop) and writes it at {@code offset} of {@code tensor}. */
    public void write(ImageInput input, float[] tensor, int offset) {
        write(input, FloatBuffer.wrap(tensor), offset);
    }

    /**
     * Decodes {@code input} (resolving any crop) and writes it at index {@code offset} of {@code tensor} (absolute
     * indices: the buffer's position and limit are left alone), for example straight into the direct buffer a
     * model reads.
     */
    public void write(ImageInput input, FloatBuffer tensor, int offset) {
        Resolved r = resolve(input);
        write(r.pixels(), r.area(), tensor, offset);
    }

    /**
     * The pixels {@code input} stands for (any crop applied) as a 3-byte BGR image at their own size, for code
     * that changes pixels before embedding (training-time augmentation).
     */
    public static java.awt.image.BufferedImage render(ImageInput input) {
        Resolved r = resolve(input);
        Region a = r.area();
        int x0 = (int) Math.floor(a.x());
        int y0 = (int) Math.floor(a.y());
        int w = Math.max(1, Math.min(r.pixels().width() - x0, (int) Math.round(a.width())));
        int h = Math.max(1, Math.min(r.pixels().height() - y0, (int) Math.round(a.height())));
        int[] xs = new int[w];
        for (int i = 0; i < w; i++) {
            xs[i] = x0 + i;
        }
        float[][] row = {new float[w], new float[w], new float[w]};
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            r.pixels().readRow(y0 + y, xs, w, row[0], row[1], row[2]);
            if (r.pixels().isYuv()) {
                toRgb(row, w);
            }
            for (int i = 0; i < w; i++) {
                rgb[y * w + i] = (Math.round(row[0][i]) << 16) | (Math.round(row[1][i]) << 8) | Math.round(row[2][i]);
            }
        }
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
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
        write(pixels, area, FloatBuffer.wrap(tensor), offset);
    }

    /** Writes {@code area} of {@code pixels} at index {@code offset} of {@code tensor} (absolute indices). */
    public void write(PixelSource pixels, Region area, FloatBuffer tensor, int offset) {
        FusedResize.Grid grid = grid(pixels, area);
        int rows = grid.height();
        // A window copy (an image already at the model's size) is too little work per row to pay for waking
        // another core: measured slower split at 128 px and no faster at 224.
        int parts = splitRows && !grid.isWindow()
                ? Math.min(Runtime.getRuntime().availableProcessors(), rows / MIN_ROWS_PER_PART) : 1;
        if (parts <= 1) {
            writeRows(pixels, grid, tensor, offset, 0, rows);
            return;
        }
        // Rows are independent and land in disjoint ranges of the tensor.
        IntStream.range(0, parts).parallel().forEach(
                p -> writeRows(pixels, grid, tensor, offset, p * rows / parts, (p + 1) * rows / parts));
    }

    /** Output rows {@code [fromRow, toRow)}: through a one-pass kernel where the layout has one. */
    private void writeRows(PixelSource pixels, FusedResize.Grid grid, FloatBuffer tensor, int offset, int fromRow,
            int toRow) {
        int plane = spec.width() * spec.height();
        FusedResize.Target target = new FusedResize.Target(tensor, offset + planeOfRgb[0] * plane,
                offset + planeOfRgb[1] * plane, offset + planeOfRgb[2] * plane, scale, bias, byteTable);
        if (!FusedResize.write(pixels, grid, target, fromRow, toRow)) {
            gatherRows(pixels, grid, tensor, offset, fromRow, toRow);
        }
    }

    /** Where each output pixel samples {@code area} of {@code pixels} (after the resize mode's crop). */
    FusedResize.Grid grid(PixelSource pixels, Region area) {
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
        return new FusedResize.Grid(x0, x1, fx, y0, y1, fy);
    }

    /**
     * The generic path, for every layout: gathers each source row's samples into planar float scratch rows and
     * blends them in loops the JIT vectorises. {@link FusedResize} gives the same bits in one pass for the common
     * layouts; tests compare the two.
     */
    void gatherRows(PixelSource pixels, FusedResize.Grid grid, FloatBuffer tensor, int offset, int fromRow,
            int toRow) {
        int outW = grid.width();
        int outH = grid.height();
        // Column indices of both bilinear neighbours in one array: [x0 of every column, then x1 of every column],
        // so one readRow call fetches everything a source row contributes.
        int[] xs = new int[2 * outW];
        System.arraycopy(grid.x0(), 0, xs, 0, outW);
        System.arraycopy(grid.x1(), 0, xs, outW, outW);
        float[] fx = grid.fx();
        int[] y0 = grid.y0();
        int[] y1 = grid.y1();
        float[] fy = grid.fy();

        // Planar scratch rows (R, G, B) for the upper and lower source row; planar so the blend loops below
        // are contiguous and the JIT vectorises them.
        float[][] top = {new float[2 * outW], new float[2 * outW], new float[2 * outW]};
        float[][] bottom = {new float[2 * outW], new float[2 * outW], new float[2 * outW]};
        float[] upper = new float[outW];
        float[] lower = new float[outW];
        float[][] blended = {new float[outW], new float[outW], new float[outW]};
        // Where every column (or a row) falls on a source pixel exactly, as when the image is already at the
        // model's size, the far neighbour's weight is 0: reading and blending it would change nothing.
        boolean columnsExact = allZero(fx);
        int readCount = columnsExact ? outW : 2 * outW;
        boolean yuv = pixels.isYuv();
        int plane = outW * outH;
        int lastTop = -1;
        int lastBottom = -1;
        for (int oy = fromRow; oy < toRow; oy++) {
            float wy = fy[oy];
            boolean rowExact = wy == 0f;
            // Consecutive output rows often share source rows; swap rather than read again when they do.
            if (y0[oy] == lastBottom && y0[oy] != lastTop) {
                float[][] t = top;
                top = bottom;
                bottom = t;
                int tmp = lastTop;
                lastTop = lastBottom;
                lastBottom = tmp;
            }
            if (y0[oy] != lastTop) {
                pixels.readRow(y0[oy], xs, readCount, top[0], top[1], top[2]);
                lastTop = y0[oy];
            }
            if (!rowExact && y1[oy] != lastBottom) {
                if (y1[oy] == lastTop) {
                    for (int c = 0; c < 3; c++) {
                        System.arraycopy(top[c], 0, bottom[c], 0, readCount);
                    }
                } else {
                    pixels.readRow(y1[oy], xs, readCount, bottom[0], bottom[1], bottom[2]);
                }
                lastBottom = y1[oy];
            }
            for (int c = 0; c < 3; c++) {
                float[] t = top[c];
                float[] b = bottom[c];
                float[] v = blended[c];
                if (columnsExact && rowExact) {
                    System.arraycopy(t, 0, v, 0, outW);
                    continue;
                }
                float[] up = t;
                float[] low = b;
                if (!columnsExact) {
                    for (int ox = 0; ox < outW; ox++) {
                        upper[ox] = t[ox] + (t[outW + ox] - t[ox]) * fx[ox];
                    }
                    up = upper;
                }
                if (rowExact) {
                    System.arraycopy(up, 0, v, 0, outW);
                    continue;
                }
                if (!columnsExact) {
                    for (int ox = 0; ox < outW; ox++) {
                        lower[ox] = b[ox] + (b[outW + ox] - b[ox]) * fx[ox];
                    }
                    low = lower;
                }
                for (int ox = 0; ox < outW; ox++) {
                    v[ox] = up[ox] + (low[ox] - up[ox]) * wy;
                }
            }
            if (yuv) {
                toRgb(blended, outW);
            }
            int row = oy * outW;
            for (int c = 0; c < 3; c++) {
                float[] v = blended[c];
                float sc = scale[c];
                float bi = bias[c];
                int base = offset + planeOfRgb[c] * plane + row;
                for (int ox = 0; ox < outW; ox++) {
                    tensor.put(base + ox, v[ox] * sc + bi);
                }
            }
        }
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    /** BT.601 limited-range YUV to RGB in place, clamped to 0..255. */
    private static void toRgb(float[][] yuv, int count) {
        float[] y = yuv[0];
        float[] u = yuv[1];
        float[] v = yuv[2];
        for (int i = 0; i < count; i++) {
            float luma = 1.164f * (y[i] - 16);
            float cu = u[i] - 128;
            float cv = v[i] - 128;
            y[i] = Math.min(255f, Math.max(0f, luma + 1.596f * cv));
            u[i] = Math.min(255f, Math.max(0f, luma - 0.392f * cu - 0.813f * cv));
            v[i] = Math.min(255f, Math.max(0f, luma + 2.017f * cu));
        }
    }

    /** Source indices of both neighbours and the far neighbour's weight, for every output column (or row). */
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
