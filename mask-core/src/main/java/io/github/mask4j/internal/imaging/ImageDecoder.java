package io.github.mask4j.internal.imaging;

import io.github.mask4j.ImageTooLargeException;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.ImageLimits;
import io.github.mask4j.image.RawFrame;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns any {@link ImageInput} (uncropped) into a {@link PixelSource}, reading raster memory directly. Stateless
 * and thread-safe.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    public static PixelSource pixels(ImageInput input) {
        if (input instanceof ImageInput.Buffered b) {
            return pixels(b.image(), b.source());
        }
        if (input instanceof ImageInput.Encoded e) {
            return pixels(decode(e.bytes(), e.source()), e.source());
        }
        if (input instanceof ImageInput.File f) {
            return pixels(read(f.path()), f.source());
        }
        if (input instanceof RawFrame r) {
            return pixels(r);
        }
        if (input instanceof ImageInput.Cropped || input instanceof ImageInput.CentreCropped) {
            throw new IllegalArgumentException("crops are resolved before decoding: " + input.source());
        }
        throw new IllegalArgumentException("unknown image input " + input);
    }

    /** Decodes a file into a BufferedImage, with a typed error naming the file when it cannot be read. */
    public static BufferedImage read(Path path) {
        return read(path, 0);
    }

    /**
     * As {@link #read(Path)}, decoded no larger than needed: see {@link #decode(byte[], String, ImageLimits, int)}.
     */
    public static BufferedImage read(Path path, int minShortSide) {
        ImageLimits limits = ImageLimits.current();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (!limits.allowsFile(size)) {
                throw new InvalidImageException(path.toString(), String.format(java.util.Locale.ROOT,
                        "file is %,d bytes, more than the limit of %,d bytes for an image file; is it an image? "
                                + "Raise the limit with ImageLimits.setCurrent(...) or -D%s=N", size,
                        limits.maxFileBytes(), ImageLimits.MAX_FILE_BYTES_PROPERTY));
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(path.toString(), "no such file", e);
        } catch (IOException e) {
            throw new InvalidImageException(path.toString(), "cannot read file: " + e.getMessage(), e);
        }
        return decode(bytes, path.toString(), limits, minShortSide);
    }

    /** The formats {@link #decode} reads, for error messages and docs. */
    public static final String FORMATS = "JPEG (also CMYK/YCCK), PNG, WebP, GIF, BMP, TIFF or ICO";

    /**
     * Decodes an encoded image (any format an installed ImageIO reader knows: {@value #FORMATS}), the first
     * frame of an animation or page of a TIFF, the largest icon of an ICO, turned upright by its EXIF
     * orientation. A decoder warning (ImageIO's word for a truncated or damaged file, which it would otherwise
     * fill with grey) is an error: a half image would silently give a wrong answer.
     */
    public static BufferedImage decode(byte[] bytes, String source) {
        return decode(bytes, source, ImageLimits.current());
    }

    /**
     * As {@link #decode(byte[], String)}, refusing an image whose header claims more pixels than {@code limits}
     * allow before the reader allocates its raster.
     */
    public static BufferedImage decode(byte[] bytes, String source, ImageLimits limits) {
        return decode(bytes, source, limits, 0);
    }

    /**
     * As {@link #decode(byte[], String, ImageLimits)}, but no larger than needed: when the image's shorter side is
     * at least twice {@code minShortSide}, the reader keeps only every k-th pixel of every k-th row (ImageIO source
     * subsampling, {@link #subsampling}), k as large as leaves the shorter side at least {@code minShortSide}. The
     * raster, the colour conversion and the resize that follows then cost about 1/k^2 as much. The pixel limit
     * still applies to the encoded size. {@code minShortSide} 0 (or less) decodes every pixel.
     */
    public static BufferedImage decode(byte[] bytes, String source, ImageLimits limits, int minShortSide) {
        if (bytes.length == 0) {
            throw new InvalidImageException(source, "empty image (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException(source, "unsupported or unrecognised image format (expected "
                        + FORMATS + "; first bytes " + hex(bytes) + ")");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new CopyOnWriteArrayList<>();
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader r, String message) {
                    warnings.add(message);
                }
            });
            try {
                reader.setInput(in, false, true);
                String format = reader.getFormatName();
                int index = "ico".equalsIgnoreCase(format) ? largestIcon(reader) : 0;
                checkSize(reader, index, source, limits);
                ImageReadParam param = reader.getDefaultReadParam();
                int k = subsampling(reader.getWidth(index), reader.getHeight(index), minShortSide);
                if (k > 1) {
                    param.setSourceSubsampling(k, k, 0, 0);
                }
                BufferedImage image = reader.read(index, param);
                List<String> damage = warnings.stream().filter(w -> !isBenign(w)).toList();
                if (!damage.isEmpty()) {
                    throw new InvalidImageException(source, "damaged " + format + " image: "
                            + String.join("; ", damage));
                }
                if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
                    throw new InvalidImageException(source, "decoder returned no image");
                }
                return ExifOrientation.apply(image, ExifOrientation.of(bytes, format, source));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidImageException ie) {
                throw ie;
            }
            throw new InvalidImageException(source, "cannot decode image: " + e, e);
        } catch (OutOfMemoryError e) {
            // Within the pixel limit but more than this heap holds: one image, not the whole process.
            throw new InvalidImageException(source, "not enough memory to decode the image; raise -Xmx or lower "
                    + ImageLimits.MAX_PIXELS_PROPERTY, e);
        }
    }

    /**
     * The source subsampling factor for a {@code width x height} image whose shorter side must stay at least
     * {@code minShortSide}: the largest k with {@code min(width, height) / k >= minShortSide}, 1 when the image
     * is smaller than twice that or {@code minShortSide} is 0 or less. The shorter side is used whatever the EXIF
     * orientation, so turning the image upright afterwards keeps the guarantee.
     */
    public static int subsampling(long width, long height, int minShortSide) {
        if (minShortSide <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(width, height) / minShortSide);
    }

    /**
     * {@code input} decoded now, no larger than needed ({@link #decode(byte[], String, ImageLimits, int)}): encoded
     * bytes and files become {@link ImageInput.Buffered} with the same source name; a centre crop keeps its fraction
     * around the decoded image (its shorter side then needs {@code minShortSide / fraction}); a pixel-region crop
     * is decoded at full size, since its region is in the full image's pixels; decoded images and raw frames are
     * returned as they are.
     *
     * @param minShortSide the fewest pixels the visible part's shorter side may keep; 0 decodes every pixel
     * @throws InvalidImageException if the image cannot be decoded
     */
    public static ImageInput decoded(ImageInput input, int minShortSide) {
        if (input instanceof ImageInput.Encoded e) {
            return new ImageInput.Buffered(decode(e.bytes(), e.source(), ImageLimits.current(), minShortSide),
                    e.source());
        }
        if (input instanceof ImageInput.File f) {
            return new ImageInput.Buffered(read(f.path(), minShortSide), f.source());
        }
        if (input instanceof ImageInput.CentreCropped c) {
            int needed = minShortSide <= 0 ? 0 : (int) Math.ceil(minShortSide / c.fraction());
            return new ImageInput.CentreCropped(decoded(c.image(), needed), c.fraction());
        }
        if (input instanceof ImageInput.Cropped c) {
            return new ImageInput.Cropped(decoded(c.image(), 0), c.region());
        }
        return input;
    }

    /**
     * Warnings that say nothing is missing: colour management (a CMYK JPEG without an ICC profile: colours are
     * approximate), and a JPEG without its final EOI marker, which is common and harmless once every scan is read
     * (a file cut short also gets "premature end of data segment", which is not benign).
     */
    private static boolean isBenign(String warning) {
        String w = warning.toLowerCase(java.util.Locale.ROOT);
        return w.contains("icc") || w.contains("color profile") || w.contains("colour profile")
                || w.contains("missing eoi");
    }

    /** An ICO holds one bitmap per size; the largest is the one meant for a photo-sized view. */
    private static int largestIcon(ImageReader reader) throws IOException {
        int best = 0;
        long bestArea = -1;
        for (int i = 0, n = reader.getNumImages(true); i < n; i++) {
            long area = (long) reader.getWidth(i) * reader.getHeight(i);
            if (area > bestArea) {
                best = i;
                bestArea = area;
            }
        }
        return best;
    }

    /** Reads the size from the header only (no raster yet) and refuses it when it is over the limit. */
    private static void checkSize(ImageReader reader, int index, String source, ImageLimits limits)
            throws IOException {
        long w = reader.getWidth(index);
        long h = reader.getHeight(index);
        if (w <= 0 || h <= 0) {
            throw new InvalidImageException(source, "header gives an empty size " + w + "x" + h);
        }
        if (!limits.allows(w, h)) {
            throw new ImageTooLargeException(source, w, h, limits.maxPixels());
        }
    }

    static PixelSource pixels(BufferedImage image, String source) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        // Only images whose raster is the whole backing buffer can be read in place.
        boolean whole = raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0;
        if (whole) {
            switch (image.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE,
                        BufferedImage.TYPE_BYTE_GRAY -> {
                    ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
                    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
                    int[] bands = sm.getBandOffsets();
                    int off = raster.getDataBuffer().getOffset();
                    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                        return new PixelSource.Interleaved(w, h, data, off, sm.getScanlineStride(),
                                sm.getPixelStride(), bands[0], bands[0], bands[0]);
                    }
                    return new PixelSource.Interleaved(w, h, data, off, sm.getScanlineStride(), sm.getPixelStride(),
                            bands[0], bands[1], bands[2]);
                }
                case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
                        BufferedImage.TYPE_INT_BGR -> {
                    SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
                    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
                    int[] shifts = sm.getBitOffsets();
                    return new PixelSource.PackedInts(w, h, data, raster.getDataBuffer().getOffset(),
                            sm.getScanlineStride(), shifts[0], shifts[1], shifts[2]);
                }
                default -> {
                    // fall through to conversion
                }
            }
        }
        // Palettes, 16-bit, CMYK-less oddities and sub-images: let Java2D convert once to BGR bytes.
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return pixels(bgr, source);
    }

    static PixelSource pixels(RawFrame f) {
        int w = f.width();
        int h = f.height();
        return switch (f.format()) {
            case RGB -> new PixelSource.Interleaved(w, h, f.data(), 0, f.stride(), 3, 0, 1, 2);
            case BGR -> new PixelSource.Interleaved(w, h, f.data(), 0, f.stride(), 3, 2, 1, 0);
            case ARGB -> new PixelSource.Interleaved(w, h, f.data(), 0, f.stride(), 4, 1, 2, 3);
            case RGBA -> new PixelSource.Interleaved(w, h, f.data(), 0, f.stride(), 4, 0, 1, 2);
            case BGRA -> new PixelSource.Interleaved(w, h, f.data(), 0, f.stride(), 4, 2, 1, 0);
            case I420 -> new PixelSource.I420(w, h, f.data(), f.stride(), f.chromaStride(), f.uOffset(),
                    f.vOffset());
        };
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
