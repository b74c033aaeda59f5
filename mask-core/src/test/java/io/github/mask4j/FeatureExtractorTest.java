package io.github.mask4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.image.Region;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.testing.Vectors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    @Test
    void mobilenetV2RecognisesTheCat() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        List<Recognition> top = fe.topK(SharedData.testImage("cat.jpg"), 5);
        System.out.println("mobilenet_v2 cat.jpg: " + top);
        assertThat(top.get(0).label()).isEqualTo("Egyptian cat");
        assertThat(top.get(0).index()).isEqualTo(285);
        // The reference preprocessing in the models' provenance gives 0.6872.
        assertThat(top.get(0).probability()).isCloseTo(0.6872, within(0.002));
        assertThat(top).extracting(Recognition::label).contains("tiger cat", "tabby");
    }

    @Test
    void mobilenetV1QuarterWidthRecognisesTheCat() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        List<Recognition> top = fe.topK(SharedData.testImage("cat.jpg"), 3);
        System.out.println("mobilenet_v1_025 cat.jpg: " + top);
        assertThat(top.get(0).label()).isEqualTo("Egyptian cat");
        assertThat(top.get(0).index()).isEqualTo(286); // index 0 is "background"
        assertThat(top.get(0).probability()).isCloseTo(0.6203, within(0.002));
    }

    /**
     * A TF-slim model's output 0 is "background": 1000 ImageNet names given with {@code backgroundClasses(1)} line
     * up with the 1001 outputs as the built-in label file does; without it every name would be one class off.
     */
    @Test
    void imagenetNamesLineUpPastABackgroundClass() throws Exception {
        List<String> imagenet;
        try (var in = FeatureExtractor.class.getResourceAsStream("/io/github/mask4j/labels/imagenet_synset_1000.txt")) {
            imagenet = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).map(l -> l.substring(10).split(",")[0]).toList();
        }
        assertThat(imagenet).hasSize(1000);
        BuiltinModel v1 = BuiltinModel.MOBILENET_V1_025;
        ModelSpec spec = ModelSpec.builder().file(SharedData.models().resolve(v1.files().get(0).fileName()))
                .preprocessing(v1.preprocessing()).labels(imagenet).backgroundClasses(v1.backgroundClasses()).build();
        ImageInput cat = ImageInput.of(SharedData.testImage("cat.jpg"));
        List<Recognition> builtin = SharedData.extractor(v1).topK(cat, 3);
        try (FeatureExtractor own = FeatureExtractor.open(spec)) {
            List<Recognition> top = own.topK(cat, 3);
            assertThat(top).extracting(Recognition::label).containsExactlyElementsOf(
                    builtin.stream().map(Recognition::label).toList()).startsWith("Egyptian cat");
            assertThat(top).extracting(Recognition::index).containsExactlyElementsOf(
                    builtin.stream().map(Recognition::index).toList());
        }
        try (FeatureExtractor unshifted = FeatureExtractor.open(spec.toBuilder().backgroundClasses(0).build())) {
            assertThat(unshifted.topK(cat, 1).get(0).label()).isNotEqualTo("Egyptian cat");
        }
        assertThatThrownBy(() -> ModelSpec.builder().backgroundClasses(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backgroundClasses");
    }

    /**
     * A frame already at the model's size is sampled 1:1 (each output pixel on a source pixel, so the far
     * neighbours weigh nothing): the tensor is exactly each pixel normalised, in NCHW order. Both backbones' sizes
     * and a stride wider than the row.
     */
    @Test
    void aFrameAtTheModelSizeIsNormalisedPixelForPixel() {
        for (BuiltinModel model : List.of(BuiltinModel.MOBILENET_V2, BuiltinModel.MOBILENET_V1_025)) {
            FeatureExtractor fe = SharedData.extractor(model);
            int w = fe.preprocessing().width();
            int h = fe.preprocessing().height();
            int stride = w * 3 + 7;
            byte[] rgb = new byte[stride * h];
            new java.util.Random(42).nextBytes(rgb);
            float[] t = fe.preprocess(new RawFrame(PixelFormat.RGB, w, h, stride, rgb, "random frame"));
            float[] mean = fe.preprocessing().mean();
            float[] std = fe.preprocessing().std();
            int plane = w * h;
            for (int y = 0; y < h; y += 7) {
                for (int x = 0; x < w; x += 5) {
                    for (int c = 0; c < 3; c++) {
                        float v = (rgb[y * stride + x * 3 + c] & 0xFF) / 255f;
                        assertThat(t[c * plane + y * w + x]).as("%s pixel (%d,%d) channel %d", model, x, y, c)
                                .isCloseTo((v - mean[c]) / std[c], within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void embeddingMatchesTheReferenceFeatures() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        float[] f = fe.embed(SharedData.testImage("grace_hopper.jpg"));
        assertThat(f).hasSize(1280);
        double norm = 0;
        for (float v : f) {
            norm += v * v;
        }
        // provenance: L2 = 25.949, features[0..2] = 0.5907, 0.2777, 0.9252
        assertThat(Math.sqrt(norm)).isCloseTo(25.949, within(0.05));
        assertThat(f[0]).isCloseTo(0.5907f, within(0.01f));
        assertThat(f[1]).isCloseTo(0.2777f, within(0.01f));
        assertThat(f[2]).isCloseTo(0.9252f, within(0.01f));
        assertThat(fe.info().featureSource()).contains("features");
    }

    @Test
    void batchedEmbeddingEqualsOneByOne() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        List<ImageInput> images = List.of(ImageInput.of(SharedData.testImage("cat.jpg")),
                ImageInput.of(SharedData.testImage("face.jpg")), ImageInput.of(SharedData.testImage("grace_hopper.jpg")));
        List<float[]> batch = fe.embed(images).valuesOrThrow();
        for (int i = 0; i < images.size(); i++) {
            assertThat(batch.get(i)).containsExactly(fe.embed(images.get(i)), within(1e-4f));
        }
    }

    @Test
    void everyInputKindGivesTheSameEmbedding() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        byte[] jpeg = Files.readAllBytes(SharedData.testImage("grace_hopper.jpg"));
        BufferedImage image = ImageIO.read(SharedData.testImage("grace_hopper.jpg").toFile());
        float[] reference = fe.embed(image);
        assertThat(fe.embed(ImageInput.of(jpeg, "bytes"))).containsExactly(reference, within(1e-4f));
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        byte[] bgr = new byte[w * h * 3];
        byte[] argbBytes = new byte[w * h * 4];
        int stride = w * 3 + 16; // padded rows, as decoders often hand out
        byte[] padded = new byte[stride * h];
        for (int i = 0; i < w * h; i++) {
            int p = argb[i];
            byte r = (byte) (p >> 16);
            byte g = (byte) (p >> 8);
            byte b = (byte) p;
            rgb[3 * i] = r;
            rgb[3 * i + 1] = g;
            rgb[3 * i + 2] = b;
            bgr[3 * i] = b;
            bgr[3 * i + 1] = g;
            bgr[3 * i + 2] = r;
            argbBytes[4 * i] = (byte) 0xFF;
            argbBytes[4 * i + 1] = r;
            argbBytes[4 * i + 2] = g;
            argbBytes[4 * i + 3] = b;
            int row = i / w;
            int col = i % w;
            padded[row * stride + col * 3] = r;
            padded[row * stride + col * 3 + 1] = g;
            padded[row * stride + col * 3 + 2] = b;
        }
        assertThat(fe.embed(RawFrame.packed(PixelFormat.RGB, w, h, rgb))).containsExactly(reference, within(1e-4f));
        assertThat(fe.embed(RawFrame.packed(PixelFormat.BGR, w, h, bgr))).containsExactly(reference, within(1e-4f));
        assertThat(fe.embed(RawFrame.packed(PixelFormat.ARGB, w, h, argbBytes)))
                .containsExactly(reference, within(1e-4f));
        assertThat(fe.embed(new RawFrame(PixelFormat.RGB, w, h, stride, padded, "padded")))
                .containsExactly(reference, within(1e-4f));
        // I420 loses colour resolution, so the embedding is close, not equal.
        float[] i420 = fe.embed(RawFrame.i420(w, h, TestImages.toI420(image)));
        assertThat(Vectors.cosine(i420, reference)).isGreaterThan(0.97);
    }

    @Test
    void cropsAreCutFromTheImage() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        BufferedImage image = ImageIO.read(SharedData.testImage("face.jpg").toFile());
        Region face = new Region(133, 81, 89, 123);
        BufferedImage sub = image.getSubimage(133, 81, 89, 123);
        // Only the border pixels differ: the crop interpolates with its neighbours, the sub-image repeats its edge.
        assertThat(Vectors.cosine(fe.embed(ImageInput.of(image).crop(face)), fe.embed(sub))).isGreaterThan(0.995);
    }

    @Test
    void centreCropsWorkOnEveryKindOfInputAndCompose() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        BufferedImage image = ImageIO.read(SharedData.testImage("face.jpg").toFile()); // 512x355
        // centre 60% of the shorter side: a 213x213 square at (149.5, 71)
        float[] expected = fe.embed(ImageInput.of(image).crop(new Region(149.5, 71, 213, 213)));
        byte[] jpeg = Files.readAllBytes(SharedData.testImage("face.jpg"));
        assertThat(fe.embed(ImageInput.of(image).centreCrop(0.6))).containsExactly(expected, within(1e-4f));
        // encoded bytes: the size is only known after decoding, the crop is the same
        float[] fromBytes = fe.embed(ImageInput.of(jpeg, "face.jpg").centreCrop(0.6));
        assertThat(Vectors.cosine(fromBytes, expected)).isGreaterThan(0.999);
        // a centre crop of a crop is relative to the crop
        ImageInput left = ImageInput.of(image).crop(new Region(0, 0, 256, 355));
        float[] nested = fe.embed(left.centreCrop(0.5));
        float[] direct = fe.embed(ImageInput.of(image).crop(new Region(64, 113.5, 128, 128)));
        assertThat(nested).containsExactly(direct, within(1e-4f));
    }

    @Test
    void losslessFormatsDecodeToTheSamePixels() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        BufferedImage image = ImageIO.read(SharedData.testImage("cat.jpg").toFile());
        float[] reference = fe.embed(image);
        for (String format : List.of("png", "bmp")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            assertThat(fe.embed(ImageInput.of(out.toByteArray(), "cat." + format)))
                    .as(format).containsExactly(reference, within(1e-5f));
        }
        // a grey image and an indexed-colour one go through Java2D's conversion
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(image, 0, 0, null);
        assertThat(fe.embed(grey)).hasSize(256);
        BufferedImage indexed = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(image, 0, 0, 64, 48, null);
        assertThat(fe.embed(indexed)).hasSize(256);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() {
        FeatureExtractor fe = FeatureExtractor.open(BuiltinModel.MOBILENET_V1_025);
        assertThat(fe.embed(SharedData.testImage("cat.jpg"))).hasSize(256);
        fe.close();
        fe.close();
        assertThat(fe.isClosed()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fe.embed(SharedData.testImage("cat.jpg")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
