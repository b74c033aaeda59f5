package io.github.mask4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.testing.Vectors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegTest {

    @Test
    void encodesARealPhotoAtTheQualityAsked() throws IOException {
        BufferedImage photo = ImageDecoder.read(SharedData.testImage("grace_hopper.jpg"));
        byte[] high = Jpeg.encode(photo, 0.95);
        byte[] low = Jpeg.encode(photo, 0.3);
        BufferedImage highBack = ImageIO.read(new ByteArrayInputStream(high));
        BufferedImage lowBack = ImageIO.read(new ByteArrayInputStream(low));

        assertThat(highBack.getWidth()).isEqualTo(photo.getWidth());
        assertThat(highBack.getHeight()).isEqualTo(photo.getHeight());
        assertThat(low.length).isLessThan(high.length / 2);
        double highError = meanAbsoluteError(photo, highBack);
        assertThat(highError).isLessThan(4.0).isLessThan(meanAbsoluteError(photo, lowBack));
    }

    @Test
    void anImageWithAlphaIsEncodedFromItsColourChannelsAsTheModelReadsThem() throws IOException {
        BufferedImage photo = ImageDecoder.read(SharedData.testImage("grace_hopper.jpg"));
        int w = photo.getWidth();
        int h = photo.getHeight();
        // fully transparent everywhere: compositing would give a blank image, dropping alpha keeps the photo
        BufferedImage transparent = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = photo.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            argb[i] &= 0x00FFFFFF;
        }
        transparent.setRGB(0, 0, w, h, argb, 0, w);

        byte[] encoded = Jpeg.encode(transparent, 0.9);

        assertThat(encoded).isEqualTo(Jpeg.encode(photo, 0.9));
        var extractor = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        float[] fromJpeg = extractor.embed(ImageInput.of(encoded, "transparent as JPEG"));
        float[] inProcess = extractor.embed(transparent);
        assertThat(Vectors.cosine(fromJpeg, inProcess)).isGreaterThan(0.98);
    }

    @Test
    void refusesAQualityOutsideZeroToOneAndNoImage() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        for (double q : new double[] {0, -0.5, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> Jpeg.encode(img, q)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JPEG quality must be in (0, 1]");
        }
        assertThat(Jpeg.encode(img, 1)).isNotEmpty();
        assertThatThrownBy(() -> Jpeg.encode(null, 0.8)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("image");
    }

    private static double meanAbsoluteError(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int h = a.getHeight();
        int[] pa = a.getRGB(0, 0, w, h, null, 0, w);
        int[] pb = b.getRGB(0, 0, w, h, null, 0, w);
        long sum = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                sum += Math.abs(((pa[i] >> shift) & 0xFF) - ((pb[i] >> shift) & 0xFF));
            }
        }
        return sum / (3.0 * pa.length);
    }
}
