package io.github.mask4j.twilio.internal;

import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.image.Region;

/**
 * Centre crops of frames whose size is known without decoding. Stateless and thread-safe.
 */
public final class Crops {
    private Crops() {}

    /**
     * The central square-ish part of a frame: {@code fraction} of the shorter side in both directions. Faces in
     * webcam frames sit near the centre, and a classifier trained on face crops does better on it than on the
     * whole frame. Images of unknown size (encoded bytes, files) are passed through.
     */
    public static ImageInput centre(ImageInput image, double fraction) {
        if (fraction >= 1.0) {
            return image;
        }
        int w;
        int h;
        if (image instanceof RawFrame f) {
            w = f.width();
            h = f.height();
        } else if (image instanceof ImageInput.Buffered b) {
            w = b.image().getWidth();
            h = b.image().getHeight();
        } else {
            return image;
        }
        double side = Math.min(w, h) * fraction;
        return image.crop(new Region((w - side) / 2.0, (h - side) / 2.0, side, side));
    }
}
