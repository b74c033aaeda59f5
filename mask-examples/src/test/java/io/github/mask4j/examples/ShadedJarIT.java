package io.github.mask4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.testing.CraftedImages;
import io.github.mask4j.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code mask4j.jar} (package phase) still reads the formats that come from ImageIO plugins: their
 * service registrations survived shading, and {@code java -jar mask4j.jar classify} decodes ICO, TIFF and WebP.
 */
class ShadedJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path jar() {
        Path jar = Path.of(System.getProperty("mask4j.jar", "target/mask4j.jar"));
        assertThat(jar).as("the shaded jar, built by mvn package").isRegularFile();
        return jar;
    }

    @Test
    void imageReaderRegistrationsSurviveShading() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            String services = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/javax.imageio.spi.ImageReaderSpi")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services).contains("com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi",
                    "com.twelvemonkeys.imageio.plugins.bmp.ICOImageReaderSpi",
                    "com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi",
                    "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi");
        }
    }

    @Test
    void theJarClassifiesIcoTiffAndWebp(@TempDir Path tmp) throws Exception {
        BufferedImage face = ImageIO.read(SharedData.testImage("grace_hopper.jpg").toFile());
        List<Path> inputs = new ArrayList<>();
        Path ico = tmp.resolve("a-face.ico");
        Files.write(ico, ico(face, 128));
        inputs.add(ico);
        Path tiff = tmp.resolve("b-face.tif");
        ImageIO.write(face, "tiff", tiff.toFile());
        inputs.add(tiff);
        Path png = tmp.resolve("face.png");
        ImageIO.write(face, "png", png.toFile());
        Path webp = tmp.resolve("c-face.webp");
        if (CraftedImages.cwebp(png, webp, false)) {
            inputs.add(webp);
        } else {
            System.out.println("cwebp (Debian package webp) not found: no WebP through the jar");
        }
        Path broken = tmp.resolve("d-broken.jpg");
        Files.writeString(broken, "not a jpeg");
        inputs.add(broken);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dmask4j.model.dir=" + SharedData.models(), "-jar", jar().toString(), "classify",
                "--faces", "--pretrained"));
        inputs.forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        System.out.println("java -jar mask4j.jar classify --faces --pretrained ...:\n" + out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.get("source").asText()).isEqualTo(inputs.get(i).toString());
            if (inputs.get(i).equals(broken)) {
                assertThat(line.get("error").get("type").asText()).isEqualTo("InvalidImageException");
            } else {
                assertThat(line.has("error")).as(lines.get(i)).isFalse();
                assertThat(line.get("faces")).as(lines.get(i)).isNotEmpty();
            }
        }
        assertThat(p.exitValue()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
    }

    private static byte[] ico(BufferedImage img, int size) {
        BufferedImage icon = new BufferedImage(size, size, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = icon.createGraphics();
        int side = Math.min(img.getWidth(), img.getHeight());
        g.drawImage(img, 0, 0, size, size, 0, 0, side, side, null);
        g.dispose();
        return CraftedImages.encodeSequence("ico", List.of(icon));
    }
}
