package io.github.mask4j.internal.face;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.internal.imaging.PixelSource;

/**
 * An image decoded once, so a detector and a classifier can both read it without decoding the file again.
 * {@code image} is an equivalent input that is cheap to read again (decoded pixels, cropped to {@code area}),
 * {@code area} is the visible part in {@code pixels}; face boxes are relative to its top-left corner.
 * Immutable; thread-safe as long as the caller does not change the pixels.
 */
public record DecodedImage(ImageInput image, PixelSource pixels, Region area, String source) {

    public static DecodedImage of(ImageInput input) {
        Region region = null;
        ImageInput base = input;
        while (base instanceof ImageInput.Cropped c) {
            // Nested crops compose: the inner region is relative to the outer one.
            region = region == null ? c.region()
                    : new Region(c.region().x() + region.x(), c.region().y() + region.y(), region.width(),
                            region.height());
            base = c.image();
        }
        ImageInput cheap = base;
        if (base instanceof ImageInput.File f) {
            cheap = new ImageInput.Buffered(ImageDecoder.read(f.path()), f.source());
        } else if (base instanceof ImageInput.Encoded e) {
            cheap = new ImageInput.Buffered(ImageDecoder.decode(e.bytes(), e.source()), e.source());
        }
        PixelSource pixels = ImageDecoder.pixels(cheap);
        Region full = new Region(0, 0, pixels.width(), pixels.height());
        Region area = full;
        if (region != null) {
            area = region.clipTo(pixels.width(), pixels.height());
            if (area == null) {
                throw new InvalidImageException(input.source(),
                        "crop " + region + " lies outside the " + pixels.width() + "x" + pixels.height() + " image");
            }
        }
        ImageInput image = area.equals(full) ? cheap : cheap.crop(area);
        return new DecodedImage(image, pixels, area, input.source());
    }

    public double width() {
        return area.width();
    }

    public double height() {
        return area.height();
    }

    /** {@code box} (relative to the visible area) as an input for a classifier. */
    public ImageInput crop(Region box) {
        ImageInput base = image instanceof ImageInput.Cropped c ? c.image() : image;
        return base.crop(new Region(box.x() + area.x(), box.y() + area.y(), box.width(), box.height()));
    }
}
