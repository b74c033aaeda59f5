package io.github.mask4j.internal.imaging;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF orientation tag (1-8) of JPEG (APP1 "Exif") and PNG ({@code eXIf} chunk) files, and turning the
 * stored pixels upright with it, as phones and browsers show them. Stateless and thread-safe.
 */
public final class ExifOrientation {
    private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);
    private static final int UPRIGHT = 1;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ExifOrientation() {}

    /**
     * The orientation tag of {@code bytes} in the given ImageIO format, 1 (upright) when there is none. A
     * damaged EXIF block only loses the rotation: the pixels are still good.
     */
    public static int of(byte[] bytes, String format, String source) {
        try {
            Directory exif = switch (format.toLowerCase(java.util.Locale.ROOT)) {
                case "jpeg", "jpg" -> jpegExif(bytes);
                case "png" -> pngExif(bytes);
                default -> null;
            };
            Entry entry = exif == null ? null : exif.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry != null && entry.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
                return n.intValue();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable EXIF block, using the image as stored: {}", source, e.toString());
        }
        return UPRIGHT;
    }

    private static Directory jpegExif(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (segments.isEmpty()) {
                return null;
            }
            try (InputStream data = segments.get(0).data()) {
                // data() starts after "Exif\0"; the second NUL pads the TIFF header
                if (data.read() < 0) {
                    return null;
                }
                return tiff(data.readAllBytes());
            }
        }
    }

    /** The {@code eXIf} chunk, which must come before the first IDAT (PNG 1.5 extensions). */
    private static Directory pngExif(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int pos = PNG_SIGNATURE.length;
        while (pos + 8 <= bytes.length) {
            long length = buf.getInt(pos) & 0xFFFFFFFFL;
            String type = new String(bytes, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT") || type.equals("IEND") || pos + 8 + length > bytes.length) {
                return null;
            }
            if (type.equals("eXIf")) {
                byte[] data = new byte[(int) length];
                System.arraycopy(bytes, pos + 8, data, 0, data.length);
                return tiff(data);
            }
            pos += 12 + (int) length;
        }
        return null;
    }

    private static Directory tiff(byte[] data) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            return new TIFFReader().read(in);
        }
    }

    /** {@code image} turned upright from the stored {@code orientation} (EXIF values 1-8). */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the stored pixel shown at (x, y), per the EXIF 2.3 orientation table
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                dst[y * ow + x] = src[sy * w + sx];
            }
        }
        BufferedImage out = new BufferedImage(ow, oh,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, ow, oh, dst, 0, ow);
        return out;
    }
}
