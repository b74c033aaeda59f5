package io.github.mask4j.training;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.Jpeg;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Random changes to a training image that keep its label: horizontal flip, a random resized crop, a small
 * rotation, brightness / contrast / saturation jitter, slight blur and JPEG re-encoding at a random quality.
 * They make a head trained on a few hundred photos from a few sources hold up on photos taken elsewhere (other
 * cameras, framings, light and compression). A copy is a pure function of the image and its seed.
 *
 * <p>Stateless and thread-safe.
 */
public final class Augmentation {
    private static final double MIN_AREA = 0.70;
    private static final double MAX_ASPECT = 1.20;
    private static final double MAX_DEGREES = 12;
    private static final double JITTER = 0.25;
    private static final int MIN_QUALITY = 25;
    private static final int MAX_QUALITY = 90;

    private Augmentation() {}

    /**
     * A stable number for an image's source (its file path, say), so that an image gets the same copies in every
     * training with the same seed, whatever else is trained with it.
     */
    public static long sourceKey(String source) {
        long h = 1125899906842597L;
        for (int i = 0; i < source.length(); i++) {
            h = 31 * h + source.charAt(i);
        }
        return h;
    }

    /** The seed of copy {@code copy} of example {@code example} in a training seeded with {@code seed}. */
    public static long copySeed(long seed, long example, int copy) {
        long h = seed * 0x9E3779B97F4A7C15L + example;
        h = h * 0xBF58476D1CE4E5B9L + copy;
        return h ^ (h >>> 31);
    }

    /** One augmented copy of {@code image} (3-byte BGR, the size of the crop); the same seed gives the same copy. */
    public static BufferedImage copy(BufferedImage image, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = image.getWidth();
        int h = image.getHeight();
        // random resized crop: 70-100 % of the area, aspect ratio within 1.2 either way
        double area = MIN_AREA + r.nextDouble() * (1 - MIN_AREA);
        double aspect = Math.exp((r.nextDouble() * 2 - 1) * Math.log(MAX_ASPECT));
        int cw = (int) Math.max(1, Math.min(w, Math.round(Math.sqrt(area * aspect) * w)));
        int ch = (int) Math.max(1, Math.min(h, Math.round(Math.sqrt(area / aspect) * h)));
        int cx = r.nextInt(w - cw + 1);
        int cy = r.nextInt(h - ch + 1);
        boolean flip = r.nextBoolean();
        double angle = Math.toRadians((r.nextDouble() * 2 - 1) * MAX_DEGREES);
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            // the rotation turns the whole image about the crop's centre; fill the corners it uncovers with edge
            // pixels by drawing the image scaled up slightly, so no black wedges teach the head anything
            AffineTransform t = new AffineTransform();
            t.translate(cw / 2.0, ch / 2.0);
            t.rotate(angle);
            double cover = Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle));
            t.scale(flip ? -cover : cover, cover);
            t.translate(-(cx + cw / 2.0), -(cy + ch / 2.0));
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        colourJitter(out, 1 + (r.nextDouble() * 2 - 1) * JITTER, 1 + (r.nextDouble() * 2 - 1) * JITTER,
                1 + (r.nextDouble() * 2 - 1) * JITTER);
        if (r.nextBoolean()) {
            out = blur(out, 0.3 + r.nextDouble() * 0.7);
        }
        return jpeg(out, MIN_QUALITY + r.nextInt(MAX_QUALITY - MIN_QUALITY + 1));
    }

    /** The mirror image, for test-time flip averaging. */
    public static BufferedImage flip(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Brightness and contrast scale around the mean grey; saturation scales each pixel's distance from its grey. */
    private static void colourJitter(BufferedImage img, double brightness, double contrast, double saturation) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        double mean = 0;
        for (int p : rgb) {
            mean += luma(p);
        }
        mean /= rgb.length;
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            double grey = luma(p);
            int[] c = {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
            int v = 0;
            for (int k = 0; k < 3; k++) {
                double x = grey + (c[k] - grey) * saturation;
                x = mean + (x - mean) * contrast;
                v = (v << 8) | clamp(x * brightness);
            }
            rgb[i] = v;
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static BufferedImage blur(BufferedImage img, double sigma) {
        float[] k1 = new float[3];
        double sum = 0;
        for (int i = -1; i <= 1; i++) {
            k1[i + 1] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k1[i + 1];
        }
        float[] k = new float[9];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                k[y * 3 + x] = (float) (k1[y] * k1[x] / (sum * sum));
            }
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        return new ConvolveOp(new Kernel(3, 3, k), ConvolveOp.EDGE_NO_OP, null).filter(img, out);
    }

    private static BufferedImage jpeg(BufferedImage img, int quality) {
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(Jpeg.encode(img, quality / 100.0)));
            if (back == null) {
                throw new InvalidImageException("augmented copy", "the JPEG re-encoding could not be read back");
            }
            return back;
        } catch (IOException e) {
            throw new InvalidImageException("augmented copy", "JPEG re-encoding failed: " + e.getMessage());
        }
    }
}
