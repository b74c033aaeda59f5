package io.github.mask4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.onnx.OnnxGraph;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier without a {@code features} output (like the public mobilenetv2-12.onnx): the pooled tensor that
 * feeds the last Gemm/MatMul/Conv is found and exposed at load time, and gives the same vector (for the int8
 * model, mobilenetv2-12-int8.onnx: the uint8 input of its QLinearMatMul, dequantised).
 */
class FeatureDetectionTest {

    @Test
    void detectedFeaturesEqualTheOriginalOutput(@TempDir Path tmp) throws Exception {
        for (BuiltinModel model : List.of(BuiltinModel.MOBILENET_V2, BuiltinModel.MOBILENET_V2_INT8,
                BuiltinModel.MOBILENET_V1_025)) {
            Path original = SharedData.models().resolve(model.files().get(0).fileName());
            byte[] bytes = Files.readAllBytes(original);
            byte[] stripped = OnnxGraph.parse(bytes).withoutOutput("features");
            assertThat(OnnxGraph.parse(stripped).outputs()).doesNotContain("features").contains("output");
            Path file = tmp.resolve(model.id() + "-no-features.onnx");
            Files.write(file, stripped);

            ModelSpec spec = ModelSpec.builder().file(file).preprocessing(model.preprocessing())
                    .backgroundClasses(model.backgroundClasses()).build();
            try (FeatureExtractor detected = FeatureExtractor.open(spec)) {
                assertThat(detected.info().featureSource()).contains("detected");
                assertThat(detected.featureDimension()).isEqualTo(model.featureDimension());
                FeatureExtractor reference = SharedData.extractor(model);
                for (String image : List.of("cat.jpg", "grace_hopper.jpg", "face.jpg")) {
                    ImageInput in = ImageInput.of(SharedData.testImage(image));
                    assertThat(detected.embed(in)).containsExactly(reference.embed(in), within(1e-5f));
                }
            }
        }
    }
}
