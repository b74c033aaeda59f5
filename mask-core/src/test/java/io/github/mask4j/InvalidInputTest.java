package io.github.mask4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.image.Region;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed images and frames fail with a typed error that names the source and the problem. */
class InvalidInputTest {
    private final FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    @Test
    void truncatedJpegIsRefused() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.testImage("cat.jpg"));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> fe.embed(ImageInput.of(truncated, "half-cat.jpg")))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("half-cat.jpg:")
                .satisfies(e -> assertThat(((InvalidImageException) e).source()).isEqualTo("half-cat.jpg"));
    }

    @Test
    void emptyAndUnknownFormatsAreRefused(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> fe.embed(ImageInput.of(new byte[0], "empty.jpg")))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("empty");
        byte[] text = "this is not an image".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> fe.embed(ImageInput.of(text, "notes.txt")))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("notes.txt")
                .hasMessageContaining("unsupported");
        Path webp = tmp.resolve("photo.webp");
        Files.write(webp, new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'});
        assertThatThrownBy(() -> fe.embed(webp)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("photo.webp");
        assertThatThrownBy(() -> fe.embed(tmp.resolve("missing.jpg"))).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("missing.jpg").hasMessageContaining("no such file");
    }

    @Test
    void rawFramesAreCheckedWhereTheyAreMade() {
        assertThatThrownBy(() -> RawFrame.packed(PixelFormat.RGB, 640, 480, new byte[100]))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("needs 921600 bytes, got 100");
        assertThatThrownBy(() -> new RawFrame(PixelFormat.BGRA, 10, 10, 20, new byte[400], "cam"))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("stride 20");
        assertThatThrownBy(() -> RawFrame.i420(0, 10, new byte[10])).isInstanceOf(InvalidImageException.class);
        assertThatThrownBy(() -> RawFrame.i420(64, 48, new byte[64 * 48]))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("I420");
    }

    @Test
    void cropOutsideTheImageIsRefused() {
        ImageInput cat = ImageInput.of(SharedData.testImage("cat.jpg"));
        assertThatThrownBy(() -> fe.embed(cat.crop(new Region(1000, 1000, 50, 50))))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("outside");
        // partly outside: clipped, still works
        assertThat(fe.embed(cat.crop(new Region(-20, -20, 100, 100)))).hasSize(256);
        assertThatThrownBy(() -> cat.centreCrop(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
