package io.github.mask4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.CraftedImages;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.testing.Vectors;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A face photo stored the way phones store it (pixels turned, EXIF orientation tag set) comes out upright: for
 * every one of the 8 orientations the decoded size is the upright one, the PNG pixels are identical, and the JPEG
 * gives the same top ImageNet label and nearly the same embedding as the upright JPEG.
 */
class ExifOrientationTest {
    private static final String[] NAMES = {"", "upright", "mirrored", "rotated 180", "flipped", "transposed",
        "rotated 90 CW", "transverse", "rotated 90 CCW"};

    @Test
    void allEightOrientationsAreTurnedUpright() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        BufferedImage upright = ImageDecoder.read(SharedData.testImage("face.jpg"));
        byte[] uprightJpeg = CraftedImages.jpegWithOrientation(CraftedImages.encode(upright, "jpg"), 1);
        float[] reference = fe.embed(ImageInput.of(uprightJpeg, "upright.jpg"));
        String topLabel = fe.topK(ImageInput.of(uprightJpeg, "upright.jpg"), 1).get(0).label();

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nEXIF orientation, face.jpg %dx%d, mobilenet_v2 (top label upright: %s)%n"
                        + "tag  stored as        top label           cos.dist tagged   cos.dist tag ignored%n",
                upright.getWidth(), upright.getHeight(), topLabel));
        double worst = 0;
        for (int o = 1; o <= 8; o++) {
            BufferedImage stored = CraftedImages.storedAs(upright, o);

            byte[] png = CraftedImages.pngWithOrientation(CraftedImages.encode(stored, "png"), o);
            BufferedImage fromPng = ImageDecoder.decode(png, "face-" + o + ".png");
            assertThat(fromPng.getWidth()).as("PNG orientation %d width", o).isEqualTo(upright.getWidth());
            assertThat(fromPng.getHeight()).as("PNG orientation %d height", o).isEqualTo(upright.getHeight());
            assertThat(samePixels(fromPng, upright)).as("PNG orientation %d pixels", o).isTrue();

            byte[] untagged = CraftedImages.encode(stored, "jpg");
            byte[] jpeg = CraftedImages.jpegWithOrientation(untagged, o);
            BufferedImage fromJpeg = ImageDecoder.decode(jpeg, "face-" + o + ".jpg");
            assertThat(fromJpeg.getWidth()).as("JPEG orientation %d width", o).isEqualTo(upright.getWidth());
            assertThat(fromJpeg.getHeight()).as("JPEG orientation %d height", o).isEqualTo(upright.getHeight());

            String label = fe.topK(ImageInput.of(jpeg, "face-" + o + ".jpg"), 1).get(0).label();
            double tagged = Vectors.cosineDistance(reference, fe.embed(ImageInput.of(jpeg, "face-" + o + ".jpg")));
            double ignored = Vectors.cosineDistance(reference,
                    fe.embed(ImageInput.of(untagged, "face-" + o + "-untagged.jpg")));
            table.append(String.format(Locale.ROOT, "%d    %-16s %-19s %.5f           %.5f%n", o, NAMES[o], label,
                    tagged, ignored));
            assertThat(label).as("top label of orientation %d", o).isEqualTo(topLabel);
            worst = Math.max(worst, tagged);
        }
        System.out.print(table);
        // JPEG re-encoding of turned pixels moves the 8x8 block grid: a small distance, far below a turned image's
        assertThat(worst).isLessThan(0.02);
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
                    return false;
                }
            }
        }
        return true;
    }
}
