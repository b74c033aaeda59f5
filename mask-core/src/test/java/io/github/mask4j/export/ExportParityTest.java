package io.github.mask4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.model.BuiltinModel;
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
 * {@code Classifier.classify} gives on the same resized images of masks/test, for every backbone and both heads;
 * its metadata describes it.
 */
class ExportParityTest {

    static Stream<Arguments> backbonesAndHeads() {
        return Stream.of(BuiltinModel.values()).flatMap(m -> Stream.of(
                Arguments.of(m, "neural_network"), Arguments.of(m, "linear"), Arguments.of(m, "knn")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backbonesAndHeads")
    void exportedModelMatchesClassify(BuiltinModel model, String head, @TempDir Path dir) throws Exception {
        Classifier c = ExportFixtures.trained(model, head);
        Path file = dir.resolve("masks.onnx");
        ExportedModel exported = c.exportOnnx(file);
        Preprocessing p = c.extractor().preprocessing();

        ExportedModel read = ExportedModel.read(file);
        assertThat(read).isEqualTo(exported);
        assertThat(read.labels()).isEqualTo(c.labels());
        assertThat(read.task()).isEqualTo("classification");
        assertThat(read.output()).isEqualTo(ExportedModel.PROBABILITIES);
        assertThat(read.head()).isEqualTo(head);
        assertThat(read.preprocessing()).isEqualTo(p);
        assertThat(read.baseModelSha256()).isEqualTo(c.extractor().info().sha256());
        assertThat(read.baseModelId()).isEqualTo(model.id());
        assertThat(read.featureDimension()).isEqualTo(model.featureDimension());
        assertThat(read.version()).isNotBlank();

        ExportFixtures.Parity parity = ExportFixtures.parity(c, file);
        List<byte[]> first = ExportFixtures.resizedTestImages(p).subList(0, 1);
        float[] onnxFeatures = ExportFixtures.runOrt(file, first, p, ExportedModel.FEATURES).get(0);
        float[] javaFeatures = c.extractor().embed(ExportFixtures.asImage(first.get(0), p));
        double featureDiff = 0;
        for (int j = 0; j < javaFeatures.length; j++) {
            featureDiff = Math.max(featureDiff, Math.abs(javaFeatures[j] - onnxFeatures[j]));
        }
        System.out.printf("export parity %s %s: max |p_onnx - p_java| = %.3g over %d images, same label %d/%d, "
                + "max |features| diff %.3g, file %d bytes%n", model.id(), head, parity.maxDiff(), parity.images(),
                parity.sameLabel(), parity.images(), featureDiff, Files.size(file));
        assertThat(onnxFeatures).hasSize(model.featureDimension());
        assertThat(featureDiff).isLessThanOrEqualTo(1e-4);
        assertThat(parity.sameLabel()).isEqualTo(parity.images());
        assertThat(parity.maxDiff()).isLessThanOrEqualTo(1e-4);
    }
}
