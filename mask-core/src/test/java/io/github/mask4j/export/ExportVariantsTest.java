package io.github.mask4j.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.onnx.OnnxGraph;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.regression.Regressor;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of regressors, of backbones opened from a file (detected quantised features, BGR input), and errors. */
class ExportVariantsTest {

    @Test
    void regressorPredictionMatches(@TempDir Path dir) throws Exception {
        BuiltinModel model = BuiltinModel.MOBILENET_V1_025;
        FeatureExtractor fe = SharedData.extractor(model);
        List<LabelledImage> train = SharedData.masksTrain();
        List<float[]> vectors = ExportFixtures.trainEmbeddings(model);
        Regressor r = fe.regression();
        for (int i = 0; i < train.size(); i++) {
            // a target with a scale and offset, so the exported graph must map the prediction back
            r.addEmbedding(vectors.get(i), train.get(i).label().equals("with_mask") ? 40.0 : 10.0);
        }
        r.train(TrainingOptions.builder().seed(3).build(), TrainingListener.none());
        Path file = dir.resolve("coverage.onnx");
        ExportedModel exported = r.exportOnnx(file);
        assertThat(exported.task()).isEqualTo("regression");
        assertThat(exported.output()).isEqualTo(ExportedModel.PREDICTION);
        assertThat(ExportedModel.read(file)).isEqualTo(exported);

        Preprocessing p = fe.preprocessing();
        List<byte[]> images = ExportFixtures.resizedTestImages(p);
        List<float[]> onnx = ExportFixtures.runOrt(file, images, p, ExportedModel.PREDICTION);
        double maxDiff = 0;
        for (int i = 0; i < images.size(); i++) {
            assertThat(onnx.get(i)).hasSize(1);
            maxDiff = Math.max(maxDiff, Math.abs(onnx.get(i)[0] - r.predict(ExportFixtures.asImage(images.get(i), p))));
        }
        System.out.printf("export parity regressor %s: max |y_onnx - y_java| = %.3g (targets 10 and 40)%n",
                model.id(), maxDiff);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-3); // targets are ~10..40: 1e-3 is ~1e-5 relative
    }

    @Test
    void detectedQuantisedFeaturesAreDequantisedInTheGraph(@TempDir Path dir) throws Exception {
        // The zoo's int8 MobileNetV2 has no 'features' output: the features are the uint8 input of its
        // QLinearMatMul, dequantised with that node's scale and zero point.
        BuiltinModel model = BuiltinModel.MOBILENET_V2_INT8;
        byte[] bytes = Files.readAllBytes(SharedData.models().resolve(model.files().get(0).fileName()));
        Path stripped = dir.resolve("int8-no-features.onnx");
        Files.write(stripped, OnnxGraph.parse(bytes).withoutOutput("features"));
        assertClassifierParity(ModelSpec.builder().file(stripped).preprocessing(model.preprocessing()).build(),
                dir.resolve("int8.onnx"), "detected quantised features");
    }

    @Test
    void bgrInputIsReorderedInTheGraph(@TempDir Path dir) throws Exception {
        BuiltinModel model = BuiltinModel.MOBILENET_V1_025;
        Preprocessing bgr = Preprocessing.builder().size(128).mean(0.4f, 0.5f, 0.6f).std(0.5f, 0.4f, 0.3f)
                .channelOrder(ChannelOrder.BGR).build();
        assertClassifierParity(ModelSpec.builder().file(SharedData.models().resolve(model.files().get(0).fileName()))
                .preprocessing(bgr).build(), dir.resolve("bgr.onnx"), "BGR input, custom mean/std");
    }

    private static void assertClassifierParity(ModelSpec spec, Path file, String what) throws Exception {
        try (FeatureExtractor fe = FeatureExtractor.open(spec)) {
            Classifier c = fe.classification();
            c.addImages(SharedData.masksTrain().stream().filter(onlyEvery(3)).toList());
            c.train(TrainingOptions.builder().seed(5).build());
            c.exportOnnx(file);
            ExportFixtures.Parity parity = ExportFixtures.parity(c, file);
            System.out.printf("export parity %s (%s): max |p_onnx - p_java| = %.3g, same label %d/%d%n", spec.id(),
                    what, parity.maxDiff(), parity.sameLabel(), parity.images());
            assertThat(parity.sameLabel()).isEqualTo(parity.images());
            assertThat(parity.maxDiff()).isLessThanOrEqualTo(1e-4);
        }
    }

    private static java.util.function.Predicate<LabelledImage> onlyEvery(int n) {
        int[] seen = {0};
        return i -> seen[0]++ % n == 0;
    }

    @Test
    void exportReplacesAnExistingFileAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("masks.onnx");
        Files.writeString(file, "an older export");
        ExportFixtures.trained(BuiltinModel.MOBILENET_V1_025, io.github.mask4j.classification.ClassifierOptions.knn(5))
                .exportOnnx(file);
        assertThat(ExportedModel.read(file).head()).isEqualTo("knn");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("masks.onnx");
        }
    }

    @Test
    void badRequestsFailWithTypedErrors(@TempDir Path dir) {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        assertThatThrownBy(() -> fe.classification().exportOnnx(dir.resolve("x.onnx")))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("train()");
        assertThatThrownBy(() -> fe.regression().exportOnnx(dir.resolve("x.onnx")))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("train()");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
        assertThatThrownBy(() -> ExportedModel.read(dir.resolve("missing.onnx")))
                .isInstanceOf(ClassifierFormatException.class).hasMessageContaining("missing.onnx");
        assertThatThrownBy(() -> ExportedModel.read(fe.info().file()))
                .isInstanceOf(ClassifierFormatException.class).hasMessageContaining("not exported by mask4j");
    }
}
