package io.github.mask4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.classification.LabelConfidence;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported file, run in ONNX Runtime Java with all graph optimisations, gives the probabilities
 * {@code Classifier.classify} gives on the same resized images of masks/test, for every backbone and both heads.
 */
class ExportParityTest {

    static Stream<Arguments> backbonesAndHeads() {
        return Stream.of(BuiltinModel.values()).flatMap(m -> Stream.of(
                Arguments.of(m, "neural_network"), Arguments.of(m, "knn")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backbonesAndHeads")
    void exportedModelMatchesClassify(BuiltinModel model, String head, @TempDir Path dir) throws Exception {
        Classifier c = ExportFixtures.trained(model,
                head.equals("knn") ? ClassifierOptions.knn(3) : ClassifierOptions.defaults());
        Path file = dir.resolve("masks.onnx");
        ExportedModel exported = c.exportOnnx(file);
        Preprocessing p = c.extractor().preprocessing();

        ExportedModel read = ExportedModel.read(file);
        assertThat(read.labels()).isEqualTo(c.labels());
        assertThat(read.head()).isEqualTo(head);
        assertThat(read.preprocessing()).isEqualTo(p);
        assertThat(read.baseModelSha256()).isEqualTo(c.extractor().info().sha256()).isEqualTo(exported.baseModelSha256());
        assertThat(read.baseModelId()).isEqualTo(model.id());
        assertThat(read.version()).isNotBlank();

        List<byte[]> images = ExportFixtures.resizedTestImages(p);
        List<float[]> onnx = ExportFixtures.runOrt(file, images, p, ExportedModel.PROBABILITIES);
        List<Classification> java = c.classify(images.stream().map(i -> ExportFixtures.asImage(i, p)).toList());
        List<float[]> features = ExportFixtures.runOrt(file, images, p, ExportedModel.FEATURES);
        float[] javaFeatures = c.extractor().embed(ExportFixtures.asImage(images.get(0), p));

        double maxDiff = 0;
        int sameLabel = 0;
        for (int i = 0; i < images.size(); i++) {
            float[] probs = onnx.get(i);
            assertThat(probs).hasSize(c.labels().size());
            for (LabelConfidence lc : java.get(i).predictions()) {
                maxDiff = Math.max(maxDiff, Math.abs(lc.confidence() - probs[c.labels().indexOf(lc.label())]));
            }
            if (c.labels().get(argmax(probs)).equals(java.get(i).label())) {
                sameLabel++;
            }
        }
        double featureDiff = 0;
        for (int j = 0; j < javaFeatures.length; j++) {
            featureDiff = Math.max(featureDiff, Math.abs(javaFeatures[j] - features.get(0)[j]));
        }
        System.out.printf("export parity %s %s: max |p_onnx - p_java| = %.3g over %d images, same label %d/%d, "
                + "max |features| diff %.3g, file %d bytes%n", model.id(), head, maxDiff, images.size(), sameLabel,
                images.size(), featureDiff, Files.size(file));
        assertThat(features.get(0)).hasSize(c.extractor().featureDimension());
        assertThat(sameLabel).isEqualTo(images.size());
        assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static ImageInput first() {
        return SharedData.masksTest().get(0).image();
    }
}
