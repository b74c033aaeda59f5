package io.github.mask4j.testing;

import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.image.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Image files built byte by byte at test time: odd, damaged and hostile ones no encoder would write. */
public final class CraftedImages {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private CraftedImages() {}

    /** {@code image} encoded with ImageIO's writer for {@code format} ("png", "jpg", "bmp", "gif"). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code images} written as one multi-image file ("gif" animation, "ico" with one icon each, "tiff" pages). */
    public static byte[] encodeSequence(String format, List<BufferedImage> images) {
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (BufferedImage image : images) {
                w.writeToSequence(new javax.imageio.IIOImage(image, null, null), null);
            }
            w.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A PNG of a few hundred bytes whose valid header (good CRC) claims {@code width x height} 8-bit RGB
     * pixels; its one IDAT holds only a little compressed data.
     */
    public static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] buf = new byte[512];
        int n = deflater.deflate(buf);
        deflater.end();
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code jpeg} with the size in its first start-of-frame segment replaced by {@code width x height}. */
    public static byte[] jpegWithClaimedSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int sof = startOfFrame(out);
        // SOFn: FF Cn, length(2), precision(1), height(2), width(2)
        out[sof + 5] = (byte) (height >> 8);
        out[sof + 6] = (byte) height;
        out[sof + 7] = (byte) (width >> 8);
        out[sof + 8] = (byte) width;
        return out;
    }

    /** Offset of the first SOF0..SOF15 marker (not DHT C4, JPG C8 or DAC CC) of a JPEG, walking its segments. */
    public static int startOfFrame(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("not at a JPEG marker at offset " + i);
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return i;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            i += 2 + length;
        }
        throw new IllegalArgumentException("no start-of-frame marker in the JPEG");
    }

    /** Appends a PNG chunk with its length and CRC. */
    public static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A TIFF (big-endian) holding one IFD with the Orientation tag (0x0112, SHORT) set to {@code orientation}. */
    public static byte[] exifTiff(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4);
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        b.putShort((short) 1); // one entry
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0); // no next IFD
        return b.array();
    }

    /** {@code jpeg} with an APP1 "Exif" segment carrying {@code orientation}, after SOI and any JFIF APP0. */
    public static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = exifTiff(orientation);
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        int length = 2 + 6 + tiff.length;
        app1.write(0xFF);
        app1.write(0xE1);
        app1.write(length >> 8);
        app1.write(length);
        app1.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        app1.writeBytes(tiff);
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at += 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.writeBytes(app1.toByteArray());
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** {@code png} with an {@code eXIf} chunk carrying {@code orientation}, right after IHDR. */
    public static byte[] pngWithOrientation(byte[] png, int orientation) {
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        chunk(out, "eXIf", exifTiff(orientation));
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /**
     * How a camera stores an upright picture under EXIF {@code orientation} (the EXIF 2.3 table read as "where
     * the stored rows and columns are shown"), so that a viewer applying the tag shows {@code upright} again.
     */
    public static BufferedImage storedAs(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < out.getHeight(); r++) {
            for (int c = 0; c < out.getWidth(); c++) {
                // stored row r, column c shows at upright (x, y):
                int x;
                int y;
                switch (orientation) {
                    case 1 -> { x = c; y = r; }                     // row 0 top, column 0 left
                    case 2 -> { x = w - 1 - c; y = r; }             // row 0 top, column 0 right
                    case 3 -> { x = w - 1 - c; y = h - 1 - r; }     // row 0 bottom, column 0 right
                    case 4 -> { x = c; y = h - 1 - r; }             // row 0 bottom, column 0 left
                    case 5 -> { x = r; y = c; }                     // row 0 left, column 0 top
                    case 6 -> { x = w - 1 - r; y = c; }             // row 0 right, column 0 top
                    case 7 -> { x = w - 1 - r; y = h - 1 - c; }     // row 0 right, column 0 bottom
                    case 8 -> { x = r; y = h - 1 - c; }             // row 0 left, column 0 bottom
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                out.setRGB(c, r, upright.getRGB(x, y));
            }
        }
        return out;
    }

    /**
     * A folder-per-label data set in {@code root}: {@code perLabel} images of each label copied from the mask
     * training set, plus three damaged files (a truncated JPEG, text named .png, a PNG decompression bomb), a
     * folder named {@code album.jpg} and a {@code readme.txt}. Listed by name, the damaged files come first in
     * {@code with_mask} ({@code aa-truncated.jpg}) and in {@code without_mask} ({@code notes.png}) and last in
     * {@code without_mask} ({@code zz-bomb.png}).
     */
    public static Path mixedDataSet(Path root, int perLabel) throws IOException {
        for (String label : List.of("with_mask", "without_mask")) {
            Path dir = Files.createDirectories(root.resolve(label));
            for (LabelledImage li : SharedData.masksTrain().stream().filter(l -> l.label().equals(label))
                    .limit(perLabel).toList()) {
                Path src = ((ImageInput.File) li.image()).path();
                Files.copy(src, dir.resolve(src.getFileName()));
            }
        }
        byte[] jpeg = Files.readAllBytes(SharedData.testImage("cat.jpg"));
        Files.write(root.resolve("with_mask").resolve("aa-truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(root.resolve("without_mask").resolve("notes.png"), "not an image");
        Files.write(root.resolve("without_mask").resolve("zz-bomb.png"), pngBomb(26_000, 26_000));
        Files.createDirectory(root.resolve("with_mask").resolve("album.jpg"));
        Files.writeString(root.resolve("with_mask").resolve("readme.txt"), "not an image, not listed");
        return root;
    }

    /**
     * Encodes a PNG file as WebP with {@code cwebp} from the Debian package {@code webp} (quality 80, or
     * lossless). Returns false when cwebp is not installed or fails.
     */
    public static boolean cwebp(Path png, Path webp, boolean lossless) throws InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("cwebp", "-quiet"));
        cmd.addAll(lossless ? List.of("-lossless") : List.of("-q", "80"));
        cmd.addAll(List.of(png.toString(), "-o", webp.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(webp) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
