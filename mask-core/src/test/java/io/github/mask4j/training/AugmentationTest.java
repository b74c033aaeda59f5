package io.github.mask4j.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Augmented copies of a real face photo. */
class AugmentationTest {
    private static final BufferedImage FACE =
            ImageDecoder.read(SharedData.masks().resolve("test/with_mask/cd-facecrop_92.jpg"));

    @Test
    void aCopyIsAPureFunctionOfTheImageAndTheSeed() {
        BufferedImage a = Augmentation.copy(FACE, 7);
        BufferedImage b = Augmentation.copy(FACE, 7);
        assertThat(pixels(a)).isEqualTo(pixels(b));
        assertThat(pixels(Augmentation.copy(FACE, 8))).isNotEqualTo(pixels(a));
    }

    @Test
    void copiesAreCropsOfAtLeastMostOfTheImageAndAllDiffer() {
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < 20; c++) {
            BufferedImage copy = Augmentation.copy(FACE, Augmentation.copySeed(42, Augmentation.sourceKey("x"), c));
            assertThat(copy.getWidth()).isBetween((int) (FACE.getWidth() * 0.6), FACE.getWidth());
            assertThat(copy.getHeight()).isBetween((int) (FACE.getHeight() * 0.6), FACE.getHeight());
            seen.add(java.util.Arrays.hashCode(pixels(copy)));
            // label-preserving: brightness moves, but no copy is washed out or blacked out
            double mean = java.util.Arrays.stream(pixels(copy)).map(p -> (p >> 8) & 0xFF).average().orElse(0);
            assertThat(mean).isBetween(20.0, 235.0);
        }
        assertThat(seen).hasSize(20);
    }

    @Test
    void flipMirrorsEveryRow() {
        BufferedImage once = Augmentation.flip(FACE);
        int w = FACE.getWidth();
        for (int[] xy : new int[][] {{0, 0}, {3, 5}, {w / 2, FACE.getHeight() / 2}, {w - 1, FACE.getHeight() - 1}}) {
            assertThat(once.getRGB(xy[0], xy[1]) & 0xFFFFFF).isEqualTo(FACE.getRGB(w - 1 - xy[0], xy[1]) & 0xFFFFFF);
        }
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
