package io.github.mask4j.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
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
}
