package io.github.mask4j.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.BatchResult;
import io.github.mask4j.ImageTooLargeException;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.CraftedImages;
import io.github.mask4j.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of unusual and malformed image files, all made here at test time: every case has an expected outcome
 * (decoded at a given size, or a specific typed error) and none may crash, hang or run out of memory. The files
 * go through the decoder one by one (each bounded in time) and then through {@link FeatureExtractor#embed(List)}
 * as one batch, which must fail exactly the cases expected to fail and embed all the others. The table of cases
 * and outcomes is printed.
 */
class ImageCorpusTest {
    private static final long SECONDS_PER_CASE = 60;

    /** What a case should give: a decoded size, or an error of a type whose message contains a fragment. */
    record Expected(int width, int height, Class<? extends InvalidImageException> error, String fragment) {
        static Expected ok(int width, int height) {
            return new Expected(width, height, null, null);
        }

        static Expected error(Class<? extends InvalidImageException> type, String fragment) {
            return new Expected(0, 0, type, fragment);
        }

        @Override
        public String toString() {
            return error == null ? "ok " + width + "x" + height : error.getSimpleName() + " (\"" + fragment + "\")";
        }
    }

    record Case(String name, String what, Path file, Expected expected) {}

    @TempDir
    Path dir;
    private final List<Case> cases = new ArrayList<>();

    @Test
    void everyFileGivesItsExpectedOutcome() throws Exception {
        build();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-4s %-34s %-44s %s%n", "#", "file",
                "case", "outcome"));
        List<String> wrong = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String outcome = decode(pool, c.file());
                table.append(String.format(Locale.ROOT, "%-4d %-34s %-44s %s%n", i + 1, c.name(), c.what(), outcome));
                if (!matches(c.expected(), outcome)) {
                    wrong.add(c.name() + ": expected " + c.expected() + ", got " + outcome);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.print(table);
        assertThat(wrong).as("cases whose outcome differs from the expected one").isEmpty();

        // The same files as one batch through the model: exactly the expected failures fail, with the same type.
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        BatchResult<float[]> batch = fe.embed(cases.stream().map(c -> ImageInput.of(c.file())).toList());
        assertThat(batch.size()).isEqualTo(cases.size());
        for (BatchResult.Outcome<float[]> o : batch.outcomes()) {
            Expected e = cases.get(o.index()).expected();
            if (e.error() == null) {
                assertThat(o).as(cases.get(o.index()).name()).isInstanceOf(BatchResult.Success.class);
                assertThat(((BatchResult.Success<float[]>) o).value()).hasSize(fe.featureDimension());
            } else {
                assertThat(o).as(cases.get(o.index()).name()).isInstanceOf(BatchResult.Failure.class);
                assertThat(((BatchResult.Failure<float[]>) o).error()).isExactlyInstanceOf(e.error());
            }
        }
    }

    private static String decode(ExecutorService pool, Path file) throws InterruptedException {
        Future<BufferedImage> f = pool.submit(() -> ImageDecoder.read(file));
        try {
            BufferedImage img = f.get(SECONDS_PER_CASE, TimeUnit.SECONDS);
            return "ok " + img.getWidth() + "x" + img.getHeight();
        } catch (TimeoutException e) {
            f.cancel(true);
            return "HANG (over " + SECONDS_PER_CASE + " s)";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
    }

    private static boolean matches(Expected e, String outcome) {
        if (e.error() == null) {
            return outcome.equals("ok " + e.width() + "x" + e.height());
        }
        return outcome.startsWith(e.error().getSimpleName() + ": ") && outcome.contains(e.fragment());
    }

    // ---- the corpus ----

    private void add(String name, String what, byte[] bytes, Expected expected) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        cases.add(new Case(name, what, file, expected));
    }

    private void build() throws Exception {
        BufferedImage face = ImageDecoder.read(SharedData.testImage("face.jpg")); // 512x355
        int fw = face.getWidth();
        int fh = face.getHeight();
        byte[] jpeg = CraftedImages.encode(face, "jpg");
        byte[] png = CraftedImages.encode(face, "png");
        Class<InvalidImageException> invalid = InvalidImageException.class;

        // not images at all
        add("empty.jpg", "empty file", new byte[0], Expected.error(invalid, "empty image (0 bytes)"));
        add("notes.jpg", "text named .jpg", "just some notes\n".getBytes(), Expected.error(invalid, "unsupported"));
        add("page.png", "HTML named .png", "<!doctype html><html></html>".getBytes(),
                Expected.error(invalid, "unsupported"));
        add("zeros.gif", "4 KB of zero bytes", new byte[4096], Expected.error(invalid, "unsupported"));

        // truncated
        for (double share : new double[] {0.001, 0.25, 0.5, 0.9}) {
            int n = Math.max(4, (int) (jpeg.length * share));
            add("cut-" + (int) (share * 1000) + ".jpg", "JPEG cut at " + n + " of " + jpeg.length + " bytes",
                    Arrays.copyOf(jpeg, n), Expected.error(invalid, n < 100 ? "cannot decode" : "premature end"));
        }
        add("no-eoi.jpg", "JPEG without its final EOI marker", Arrays.copyOf(jpeg, jpeg.length - 2),
                Expected.ok(fw, fh));
        for (int n : new int[] {8, 20, 60, png.length / 2}) {
            add("cut-" + n + ".png", "PNG cut at " + n + " of " + png.length + " bytes", Arrays.copyOf(png, n),
                    Expected.error(invalid, n < 33 ? "PNG header" : "PNG image data"));
        }
        add("no-iend.png", "PNG without its IEND chunk (all pixels there)", Arrays.copyOf(png, png.length - 12),
                Expected.ok(fw, fh));

        // damaged in the middle
        add("garbage-middle.jpg", "JPEG, 2 KB of noise in the scan", noise(jpeg, jpeg.length / 2, 2048),
                Expected.error(invalid, "cannot decode"));
        add("garbage-middle.png", "PNG, 2 KB of noise in IDAT", noise(png, png.length / 2, 2048),
                Expected.error(invalid, "PNG image data"));
        byte[] badCrc = png.clone();
        badCrc[8 + 8 + 13] ^= 0x55; // IHDR's CRC
        // the JDK's PNG reader does not check CRCs; the header and pixels are intact, so the image is fine
        add("bad-crc.png", "PNG with a wrong IHDR CRC", badCrc, Expected.ok(fw, fh));
        byte[] zeroWidth = CraftedImages.pngBomb(0, 100);
        add("zero-width.png", "PNG header claiming 0x100", zeroWidth, Expected.error(invalid, "PNG header"));

        // decompression bombs: tiny files whose headers claim huge sizes
        add("bomb.png", "PNG header 26000x26000 in " + CraftedImages.pngBomb(26_000, 26_000).length + " bytes",
                CraftedImages.pngBomb(26_000, 26_000), Expected.error(ImageTooLargeException.class, "26000x26000"));
        byte[] small = CraftedImages.encode(gradient(16, 16), "jpg");
        add("bomb.jpg", "JPEG header 26000x26000 in " + small.length + " bytes",
                CraftedImages.jpegWithClaimedSize(small, 26_000, 26_000),
                Expected.error(ImageTooLargeException.class, "26000x26000"));
        add("bomb-wide.png", "PNG header 2^31-1 x 1", CraftedImages.pngBomb(Integer.MAX_VALUE, 1),
                Expected.error(ImageTooLargeException.class, "2147483647x1"));
        add("bomb.bmp", "BMP header 30000x30000", bmpBomb(30_000, 30_000),
                Expected.error(ImageTooLargeException.class, "30000x30000"));

        // colour models
        add("grey.jpg", "greyscale JPEG", CraftedImages.encode(convert(face, BufferedImage.TYPE_BYTE_GRAY), "jpg"),
                Expected.ok(fw, fh));
        add("progressive.jpg", "progressive JPEG", progressiveJpeg(face), Expected.ok(fw, fh));
        add("cmyk.jpg", "CMYK JPEG (Adobe APP14, transform 0)", fourChannelJpeg(face, 0), Expected.ok(fw, fh));
        add("ycck.jpg", "YCCK JPEG (Adobe APP14, transform 2)", fourChannelJpeg(face, 2), Expected.ok(fw, fh));
        add("adobe-rgb.jpg", "Adobe JPEG, RGB (APP14, transform 0)", adobeRgbJpeg(face), Expected.ok(fw, fh));
        add("rgb16.png", "16-bit RGB PNG", CraftedImages.encode(sixteenBit(face, false), "png"), Expected.ok(fw, fh));
        add("grey16.png", "16-bit grey PNG", CraftedImages.encode(sixteenBit(face, true), "png"), Expected.ok(fw, fh));
        add("grey-alpha.png", "8-bit grey + alpha PNG", CraftedImages.encode(greyAlpha(face), "png"),
                Expected.ok(fw, fh));
        add("palette-trns.png", "palette PNG with transparency (tRNS)", CraftedImages.encode(palette(face), "png"),
                Expected.ok(fw, fh));
        add("bilevel.png", "1-bit PNG", CraftedImages.encode(convert(face, BufferedImage.TYPE_BYTE_BINARY), "png"),
                Expected.ok(fw, fh));
        add("rgba.png", "RGBA PNG", CraftedImages.encode(convert(face, BufferedImage.TYPE_INT_ARGB), "png"),
                Expected.ok(fw, fh));
        add("face.bmp", "24-bit BMP", CraftedImages.encode(face, "bmp"), Expected.ok(fw, fh));
        add("palette.bmp", "8-bit palette BMP", CraftedImages.encode(convert(face, BufferedImage.TYPE_BYTE_INDEXED),
                "bmp"), Expected.ok(fw, fh));
        add("face.tif", "TIFF, LZW", tiff(face, "LZW"), Expected.ok(fw, fh));
        add("face-deflate.tiff", "TIFF, Deflate", tiff(face, "Deflate"), Expected.ok(fw, fh));
        add("cut.tif", "TIFF cut in half", Arrays.copyOf(tiff(face, "LZW"), tiff(face, "LZW").length / 2),
                Expected.error(invalid, "cannot decode"));
        add("icons.ico", "ICO with 16, 32 and 64 px icons", ico(face, 16, 64, 32), Expected.ok(64, 64));
        add("animated.gif", "animated GIF, 3 frames (first is 40x30)", animatedGif(), Expected.ok(40, 30));
        add("cut.gif", "GIF cut in half", Arrays.copyOf(animatedGif(), animatedGif().length / 2),
                Expected.error(invalid, "cannot decode"));
        addWebp(face);

        // sizes
        add("1x1.png", "1x1 PNG", CraftedImages.encode(gradient(1, 1), "png"), Expected.ok(1, 1));
        add("1x4000.png", "1x4000 PNG", CraftedImages.encode(gradient(1, 4000), "png"), Expected.ok(1, 4000));
        add("4000x1.jpg", "4000x1 JPEG", CraftedImages.encode(gradient(4000, 1), "jpg"), Expected.ok(4000, 1));
        add("6000x4500.jpg", "6000x4500 JPEG (27 MP)", CraftedImages.encode(gradient(6000, 4500), "jpg"),
                Expected.ok(6000, 4500));

        // EXIF
        for (int o : new int[] {3, 6, 8}) {
            BufferedImage stored = CraftedImages.storedAs(face, o);
            add("exif-" + o + ".jpg", "JPEG stored turned, EXIF orientation " + o,
                    CraftedImages.jpegWithOrientation(CraftedImages.encode(stored, "jpg"), o), Expected.ok(fw, fh));
        }
        add("exif-6.png", "PNG stored turned, eXIf orientation 6",
                CraftedImages.pngWithOrientation(CraftedImages.encode(CraftedImages.storedAs(face, 6), "png"), 6),
                Expected.ok(fw, fh));
        add("exif-9.jpg", "JPEG with an invalid orientation (9)", CraftedImages.jpegWithOrientation(jpeg, 9),
                Expected.ok(fw, fh));
        add("exif-garbage.jpg", "JPEG whose EXIF block is noise", garbageExif(jpeg), Expected.ok(fw, fh));

        // names
        add("png-named.jpg", "PNG named .jpg", png, Expected.ok(fw, fh));
        add("jpeg-named.png", "JPEG named .png", jpeg, Expected.ok(fw, fh));
        add("JPEG-UPPER.JPG", "upper-case extension", jpeg, Expected.ok(fw, fh));
        add("mañana-日本語-😷.jpg", "non-ASCII file name", jpeg, Expected.ok(fw, fh));
        Path folder = Files.createDirectory(dir.resolve("folder.jpg"));
        cases.add(new Case("folder.jpg/", "directory named like an image", folder,
                Expected.error(invalid, "cannot read file")));
        cases.add(new Case("missing.jpg", "file that does not exist", dir.resolve("missing.jpg"),
                Expected.error(invalid, "no such file")));
    }

    private void addWebp(BufferedImage face) throws Exception {
        Path source = dir.resolve("webp-source.png");
        ImageIO.write(face, "png", source.toFile());
        for (boolean lossless : new boolean[] {false, true}) {
            String name = lossless ? "lossless.webp" : "lossy.webp";
            Path out = dir.resolve(name);
            if (!CraftedImages.cwebp(source, out, lossless)) {
                System.out.println("cwebp (Debian package webp) not found: WebP case " + name + " not made");
                continue;
            }
            cases.add(new Case(name, lossless ? "WebP lossless (cwebp -lossless)" : "WebP lossy (cwebp -q 80)", out,
                    Expected.ok(face.getWidth(), face.getHeight())));
            if (!lossless) {
                byte[] bytes = Files.readAllBytes(out);
                add("cut.webp", "lossy WebP cut in half", Arrays.copyOf(bytes, bytes.length / 2),
                        Expected.error(InvalidImageException.class, "cannot decode"));
            }
        }
        Files.delete(source);
    }

    // ---- makers ----

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, w, h, Color.BLUE));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] noise(byte[] bytes, int at, int n) {
        byte[] out = bytes.clone();
        Random r = new Random(7);
        for (int i = at; i < Math.min(out.length, at + n); i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return out;
    }

    private static BufferedImage sixteenBit(BufferedImage src, boolean grey) {
        int w = src.getWidth();
        int h = src.getHeight();
        ColorSpace cs = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = src.getRGB(x, y);
                int r = (p >> 16) & 0xFF;
                int gr = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                if (grey) {
                    raster.setSample(x, y, 0, ((r * 299 + gr * 587 + b * 114) / 1000) * 257);
                } else {
                    raster.setPixel(x, y, new int[] {r * 257, gr * 257, b * 257});
                }
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    private static BufferedImage greyAlpha(BufferedImage src) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(src.getWidth(), src.getHeight());
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int grey = (((p >> 16) & 0xFF) * 299 + ((p >> 8) & 0xFF) * 587 + (p & 0xFF) * 114) / 1000;
                raster.setPixel(x, y, new int[] {grey, x < 20 ? 0 : 255});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    private static BufferedImage palette(BufferedImage src) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        byte[] a = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) ((i >> 5) * 36);
            g[i] = (byte) (((i >> 2) & 7) * 36);
            b[i] = (byte) ((i & 3) * 85);
            a[i] = (byte) (i == 0 ? 0 : 255);
        }
        IndexColorModel cm = new IndexColorModel(8, 256, r, g, b, a);
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, cm);
        Graphics2D gr = out.createGraphics();
        gr.drawImage(src, 0, 0, null);
        gr.dispose();
        return out;
    }

    private static byte[] progressiveJpeg(BufferedImage img) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(w, new IIOImage(img, null, null), p);
    }

    /** A 4-channel JPEG written from a raster (no colour conversion) with an Adobe APP14 of {@code transform}. */
    private static byte[] fourChannelJpeg(BufferedImage img, int transform) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                int k = 255 - Math.max(r, Math.max(g, b));
                // Adobe CMYK JPEGs store the inks inverted
                cmyk.setPixel(x, y, new int[] {r + k, g + k, b + k, 255 - k});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        return withAdobe(write(writer, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam()), transform);
    }

    private static byte[] adobeRgbJpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img),
                writer.getDefaultWriteParam());
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_jpeg_image_1.0");
        IIOMetadataNode variety = (IIOMetadataNode) root.getElementsByTagName("JPEGvariety").item(0);
        while (variety.hasChildNodes()) {
            variety.removeChild(variety.getFirstChild()); // no JFIF: an Adobe RGB file
        }
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("transform", "0");
        markers.insertBefore(adobe, markers.getFirstChild());
        meta.setFromTree("javax_imageio_jpeg_image_1.0", root);
        return write(writer, new IIOImage(img, null, meta), writer.getDefaultWriteParam());
    }

    /** {@code jpeg} with an Adobe APP14 segment after SOI (replacing none; the writer adds none for rasters). */
    private static byte[] withAdobe(byte[] jpeg, int transform) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform});
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xEE) {
            at += 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF)); // the writer's own Adobe segment
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static byte[] tiff(BufferedImage img, String compression) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionType(compression);
        return write(w, new IIOImage(img, null, null), p);
    }

    private static byte[] ico(BufferedImage img, int... sizes) {
        List<BufferedImage> icons = new ArrayList<>();
        for (int s : sizes) {
            BufferedImage icon = new BufferedImage(s, s, BufferedImage.TYPE_4BYTE_ABGR);
            Graphics2D g = icon.createGraphics();
            g.drawImage(img, 0, 0, s, s, null);
            g.dispose();
            icons.add(icon);
        }
        return CraftedImages.encodeSequence("ico", icons);
    }

    private static byte[] animatedGif() {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedImage frame = convert(gradient(40, 30), BufferedImage.TYPE_BYTE_INDEXED);
            Graphics2D g = frame.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(i * 10, 10, 8, 8);
            g.dispose();
            frames.add(frame);
        }
        return CraftedImages.encodeSequence("gif", frames);
    }

    private static byte[] bmpBomb(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(54 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + 16).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] garbageExif(byte[] jpeg) {
        byte[] tagged = CraftedImages.jpegWithOrientation(jpeg, 6);
        int app1 = 2;
        while (!((tagged[app1] & 0xFF) == 0xFF && (tagged[app1 + 1] & 0xFF) == 0xE1)) {
            app1 += 2 + (((tagged[app1 + 2] & 0xFF) << 8) | (tagged[app1 + 3] & 0xFF));
        }
        // keep "Exif\0\0", scramble the TIFF block after it
        return noise(tagged, app1 + 10, CraftedImages.exifTiff(6).length);
    }

    private static byte[] write(ImageWriter w, IIOImage image, ImageWriteParam p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, image, p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }
}
