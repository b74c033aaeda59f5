package io.github.mask4j.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG encoding at an explicit quality, the one place mask4j encodes JPEG (frames published to Kafka, training
 * augmentation, benchmark inputs). Images with an alpha channel are encoded from their colour channels with
 * alpha dropped, as classification reads them (Java's JPEG writer refuses such images with "Bogus input
 * colorspace").
 *
 * <p>Stateless and thread-safe.
 */
public final class Jpeg {
    private Jpeg() {}

    /**
     * The image as JPEG bytes.
     *
     * @param quality in (0, 1]; browsers' canvases encode at 0.92 by default, the relay page at 0.8
     * @throws IllegalArgumentException if the quality is outside (0, 1]
     */
    public static byte[] encode(BufferedImage image, double quality) {
        Objects.requireNonNull(image, "image");
        if (!(quality > 0) || quality > 1) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        BufferedImage colour = image.getColorModel().hasAlpha() ? withoutAlpha(image) : image;
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((float) quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(colour, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding JPEG in memory failed", e); // no file involved
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The colour channels as stored (not composited over a background), like the tensor writer reads them. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
        return rgb;
    }
}
