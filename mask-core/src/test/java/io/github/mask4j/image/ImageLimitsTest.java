package io.github.mask4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.ImageTooLargeException;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.testing.CraftedImages;
import io.github.mask4j.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose header claims a huge size are refused from the header, before a raster is allocated: at 26000 x
 * 26000 the raster alone would be 2 GB, more than the test JVM's heap, so reaching it would fail with an
 * OutOfMemoryError rather than the typed error.
 */
class ImageLimitsTest {

    @AfterEach
    void reset() {
        ImageLimits.setCurrent(null);
        System.clearProperty(ImageLimits.MAX_PIXELS_PROPERTY);
    }

    @Test
    void pngBombIsRefusedFromItsHeader() {
        byte[] bomb = CraftedImages.pngBomb(26_000, 26_000);
        assertThat(bomb.length).isLessThan(1000);
        assertThatThrownBy(() -> ImageDecoder.decode(bomb, "bomb.png"))
                .isInstanceOfSatisfying(ImageTooLargeException.class, e -> {
                    assertThat(e.width()).isEqualTo(26_000);
                    assertThat(e.height()).isEqualTo(26_000);
                    assertThat(e.maxPixels()).isEqualTo(ImageLimits.DEFAULT_MAX_PIXELS);
                    assertThat(e.source()).isEqualTo("bomb.png");
                })
                .hasMessageStartingWith("bomb.png: image is 26000x26000 (676,000,000 pixels)")
                .hasMessageContaining("limit of 50,000,000 pixels")
                .hasMessageContaining(ImageLimits.MAX_PIXELS_PROPERTY);
    }

    @Test
    void jpegBombIsRefusedFromItsHeader() throws Exception {
        byte[] small = CraftedImages.encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpg");
        byte[] bomb = CraftedImages.jpegWithClaimedSize(small, 26_000, 26_000);
        assertThatThrownBy(() -> ImageDecoder.decode(bomb, "bomb.jpg"))
                .isInstanceOf(ImageTooLargeException.class).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("26000x26000");
    }

    @Test
    void theLimitIsConfigurable() throws Exception {
        byte[] cat = Files.readAllBytes(SharedData.testImage("cat.jpg"));
        BufferedImage decoded = ImageDecoder.decode(cat, "cat.jpg");
        long pixels = (long) decoded.getWidth() * decoded.getHeight();

        ImageLimits tight = ImageLimits.builder().maxPixels(pixels - 1).build();
        assertThatThrownBy(() -> ImageDecoder.decode(cat, "cat.jpg", tight))
                .isInstanceOfSatisfying(ImageTooLargeException.class,
                        e -> assertThat(e.maxPixels()).isEqualTo(pixels - 1));
        assertThat(ImageDecoder.decode(cat, "cat.jpg", new ImageLimits(pixels)).getWidth())
                .isEqualTo(decoded.getWidth());

        System.setProperty(ImageLimits.MAX_PIXELS_PROPERTY, Long.toString(pixels - 1));
        assertThat(ImageLimits.current().maxPixels()).isEqualTo(pixels - 1);
        assertThatThrownBy(() -> ImageDecoder.decode(cat, "cat.jpg")).isInstanceOf(ImageTooLargeException.class);

        ImageLimits.setCurrent(new ImageLimits(pixels));
        assertThat(ImageDecoder.decode(cat, "cat.jpg").getHeight()).isEqualTo(decoded.getHeight());

        System.setProperty(ImageLimits.MAX_PIXELS_PROPERTY, "lots");
        assertThatThrownBy(ImageLimits::defaults).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ImageLimits.MAX_PIXELS_PROPERTY);
        assertThatThrownBy(() -> new ImageLimits(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A file far larger than any photo is refused from its size, before a byte of it is read into the heap. */
    @Test
    void aHugeFileIsRefusedBeforeItIsRead(@TempDir Path tmp) throws Exception {
        Path huge = tmp.resolve("huge.jpg");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ImageLimits.DEFAULT_MAX_FILE_BYTES + 1); // sparse: no disk space used
        }
        assertThatThrownBy(() -> ImageDecoder.read(huge)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("huge.jpg").hasMessageContaining("268,435,457 bytes")
                .hasMessageContaining(ImageLimits.MAX_FILE_BYTES_PROPERTY);

        Path cat = SharedData.testImage("cat.jpg");
        long size = Files.size(cat);
        ImageLimits.setCurrent(ImageLimits.builder().maxFileBytes(size - 1).build());
        assertThatThrownBy(() -> ImageDecoder.read(cat)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("more than the limit");
        ImageLimits.setCurrent(ImageLimits.builder().maxFileBytes(size).build());
        assertThat(ImageDecoder.read(cat).getWidth()).isPositive();

        System.setProperty(ImageLimits.MAX_FILE_BYTES_PROPERTY, "-5");
        try {
            assertThatThrownBy(ImageLimits::defaults).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ImageLimits.MAX_FILE_BYTES_PROPERTY);
        } finally {
            System.clearProperty(ImageLimits.MAX_FILE_BYTES_PROPERTY);
        }
        assertThatThrownBy(() -> new ImageLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
