package io.github.mask4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX Runtime Java snippet of docs/export.md, as written there. */
class DocsSnippetTest {

    @Test
    void ortJavaSnippetClassifiesLikeMask4j(@TempDir Path dir) throws Exception {
        Classifier classifier = ExportFixtures.trained(BuiltinModel.MOBILENET_V1_025, ClassifierOptions.defaults());
        Path modelFile = dir.resolve("masks.onnx");
        classifier.exportOnnx(modelFile);
        Path imageFile = SharedData.testImage("grace_hopper.jpg");

        // --- snippet (docs/export.md, "Java: ONNX Runtime") ---
        ExportedModel exported = ExportedModel.read(modelFile);
        Preprocessing p = exported.preprocessing();
        byte[] rgb = exported.inputPixels(ImageInput.of(imageFile)); // cropped and resized as mask4j does
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(modelFile.toString(), new OrtSession.SessionOptions());
                OnnxTensor image = OnnxTensor.createTensor(env, ByteBuffer.wrap(rgb),
                        new long[] {1, p.height(), p.width(), 3}, OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of(ExportedModel.INPUT, image))) {
            float[] probabilities = ((float[][]) result.get(ExportedModel.PROBABILITIES).get().getValue())[0];
            // --- end of snippet ---
            String label = exported.labels().get(ExportFixtures.argmax(probabilities));
            assertThat(label).isEqualTo(classifier.classify(ExportFixtures.asImage(rgb, p)).label());
            assertThat(probabilities[exported.labels().indexOf(label)]).isGreaterThan(0.5f);
        }
    }
}
