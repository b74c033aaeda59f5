package io.github.mask4j.bench;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.Jpeg;
import io.github.mask4j.model.ModelSpec;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Inputs shared by the benchmarks: where the models and data sets are, real photos scaled to video sizes and
 * encoded as JPEG, packed RGB and I420, and synthetic embeddings. Stateless and thread-safe.
 */
final class Fixtures {
    /**
     * ONNX Runtime intra-op threads for both mask4j and the raw baseline; 0 = each one's default (mask4j: every
     * core; raw ORT: its own default, physical cores). {@link #rawThreads()} is what the raw baseline gets.
     */
    static final int THREADS = Integer.getInteger("mask4j.bench.threads", 0);

    private Fixtures() {}

    /**
     * Intra-op threads for the raw ONNX Runtime baseline: {@link #THREADS} if set, else the machine's cores, as a
     * careful user configures ORT for one stream of images (ORT's own default counts physical cores only).
     */
    static int rawThreads() {
        return THREADS > 0 ? THREADS : Runtime.getRuntime().availableProcessors();
    }

    /** {@code mask4j.model.dir}, else {@code MASK4J_MODEL_DIR}, else {@code ../shared/models} beside the repo. */
    static Path modelDir() {
        String prop = System.getProperty("mask4j.model.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        String env = System.getenv("MASK4J_MODEL_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("mask-bench")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("../shared/models").normalize();
            }
        }
        throw new IllegalStateException("cannot find the models: set -Dmask4j.model.dir or MASK4J_MODEL_DIR, "
                + "or run from inside the project (default ../shared/models beside it)");
    }

    /** Opens a built-in model with the benchmark's thread count, pointing mask4j at {@link #modelDir()}. */
    static FeatureExtractor open(String model) {
        System.setProperty("mask4j.model.dir", modelDir().toString());
        return FeatureExtractor.open(ModelSpec.of(model).toBuilder().threads(THREADS).build());
    }

    /** A real photo (testimages/grace_hopper.jpg) stretched to {@code width x height}, 3-byte BGR. */
    static BufferedImage photo(int width, int height) {
        return photo("grace_hopper.jpg", width, height);
    }

    /** The data sets: {@code mask4j.data.dir}, else {@code MASK4J_DATA_DIR}, else {@code data} beside the models. */
    static Path dataDir() {
        String prop = System.getProperty("mask4j.data.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("MASK4J_DATA_DIR");
        }
        return prop != null && !prop.isBlank() ? Path.of(prop).toAbsolutePath()
                : modelDir().resolveSibling("data").normalize();
    }

    /** A test image ({@code testimages/<name>}) at its own size, 3-byte BGR. */
    static BufferedImage photo(String name) {
        BufferedImage src = decode(name);
        return redraw(src, src.getWidth(), src.getHeight());
    }

    /** A test image ({@code testimages/<name>}) stretched to {@code width x height}, 3-byte BGR. */
    static BufferedImage photo(String name, int width, int height) {
        return redraw(decode(name), width, height);
    }

    private static BufferedImage decode(String name) {
        Path file = modelDir().resolve("testimages").resolve(name);
        try {
            BufferedImage src = ImageIO.read(file.toFile());
            if (src == null) {
                throw new IllegalStateException("cannot decode " + file);
            }
            return src;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code src} stretched to {@code width x height}, 3-byte BGR. */
    static BufferedImage redraw(BufferedImage src, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** JPEG at ImageIO's default quality, 0.75. */
    static byte[] jpeg(BufferedImage image) {
        return Jpeg.encode(image, 0.75);
    }

    /** Packed R, G, B bytes. */
    static byte[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        for (int y = 0, o = 0; y < h; y++) {
            for (int x = 0; x < w; x++, o += 3) {
                int p = image.getRGB(x, y);
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return out;
    }

    /** I420 (Y, then U and V at half resolution), BT.601 limited range, as WebRTC delivers frames. */
    static byte[] i420(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] out = new byte[w * h + 2 * cw * ch];
        int uOff = w * h;
        int vOff = uOff + cw * ch;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                out[y * w + x] = (byte) clamp(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
                if ((x & 1) == 0 && (y & 1) == 0) {
                    int c = (y / 2) * cw + x / 2;
                    out[uOff + c] = (byte) clamp(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                    out[vOff + c] = (byte) clamp(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
                }
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Synthetic post-ReLU embeddings of two separable classes (non-negative, like pooled MobileNet features),
     * deterministic for a seed. Class of row i is {@code i % 2}.
     */
    static float[][] embeddings(int count, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centre = new float[2][dim];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < dim; i++) {
                centre[c][i] = (float) (random.nextDouble() * 2);
            }
        }
        float[][] out = new float[count][dim];
        for (int n = 0; n < count; n++) {
            float[] mu = centre[n % 2];
            for (int i = 0; i < dim; i++) {
                double g = Math.sqrt(-2 * Math.log(Math.max(random.nextDouble(), 1e-300)))
                        * Math.cos(2 * Math.PI * random.nextDouble());
                out[n][i] = (float) Math.max(0, mu[i] + 0.8 * g);
            }
        }
        return out;
    }
}
