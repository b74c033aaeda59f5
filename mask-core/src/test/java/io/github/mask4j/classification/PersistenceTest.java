package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.regression.Regressor;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved format: provenance, crash safety, corruption, and files saved by earlier versions. */
class PersistenceTest {
    private final FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    @Test
    void documentCarriesItsProvenance(@TempDir Path dir) throws Exception {
        Classifier c = ClassifierTest.trained(fe, ClassifierOptions.defaults(), 11);
        c.save(dir, true);
        JsonNode doc = ModelFiles.json().readTree(dir.resolve("model.json").toFile());
        assertThat(doc.get("format").asText()).isEqualTo("mask4j-model");
        assertThat(doc.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(doc.get("temperature").asDouble()).isPositive();
        assertThat(doc.get("notSureBelow").asDouble()).isEqualTo(ClassifierOptions.DEFAULT_NOT_SURE_BELOW);
        assertThat(doc.at("/trainingOptions/augmentCopies").asInt()).isEqualTo(TrainingOptions.DEFAULT_AUGMENT_COPIES);
        assertThat(doc.get("task").asText()).isEqualTo("classification");
        assertThat(doc.get("labels")).hasSize(2);
        assertThat(doc.get("featureDimension").asInt()).isEqualTo(256);
        assertThat(doc.at("/head/layers/0/units").asInt()).isEqualTo(100);
        assertThat(doc.at("/baseModel/sha256").asText()).isEqualTo(fe.info().sha256());
        assertThat(doc.at("/baseModel/preprocessing/width").asInt()).isEqualTo(128);
        assertThat(doc.at("/trainingOptions/seed").asLong()).isEqualTo(11);
        assertThat(doc.at("/trainingReport/epochs")).hasSize(20);
        assertThat(doc.at("/provenance/library").asText()).startsWith("mask4j ");
        assertThat(doc.at("/provenance/dataFingerprint").asText()).hasSize(64);
        assertThat(doc.at("/provenance/examplesPerLabel/with_mask").asInt()).isEqualTo(150);
        assertThat(doc.at("/examples/labels")).hasSize(300);
        // float32 little-endian: 256 mean + 256 inv std + 256x100 + 100 + 100x2 + 2 floats
        long floats = 256 + 256 + 256 * 100 + 100 + 200 + 2;
        assertThat(doc.at("/weights/bytes").asLong()).isEqualTo(floats * 4);
        assertThat(Files.size(dir.resolve(doc.at("/weights/file").asText()))).isEqualTo(floats * 4);
    }

    @Test
    void aSaveInterruptedAtAnyStepLeavesThePreviousModelIntact(@TempDir Path dir) throws Exception {
        Classifier first = ClassifierTest.trained(fe, ClassifierOptions.defaults(), 1);
        first.save(dir, true);
        List<ImageInput> probe = SharedData.masksTest().stream().limit(12).map(LabelledImage::image).toList();
        List<Classification> before = Classifier.load(dir, fe).classify(probe).valuesOrThrow();
        Classifier second = ClassifierTest.trained(fe, ClassifierOptions.defaults(), 2);
        for (String failAt : List.of("weights", "written weights-", "examples", "written examples-", "document",
                "written model.json")) {
            assertThatThrownBy(() -> second.save(dir, true, step -> {
                if (step.startsWith(failAt)) {
                    throw new IOException("simulated crash at " + step);
                }
            })).hasMessageContaining("simulated crash");
            Classifier reloaded = Classifier.load(dir, fe);
            assertThat(reloaded.classify(probe).valuesOrThrow()).as("after a crash at '%s'", failAt).isEqualTo(before);
            assertThat(reloaded.exampleCount()).isEqualTo(300);
        }
        second.save(dir, true);
        assertThat(Classifier.load(dir, fe).classify(probe)).isEqualTo(second.classify(probe));
        try (Stream<Path> files = Files.list(dir)) {
            // the old binaries are gone once the new document is committed, and no temporary file is left
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .hasSize(3).contains("model.json").allMatch(n -> !n.endsWith(".tmp"));
        }
    }

    @Test
    void corruptOrMissingFilesAreReported(@TempDir Path dir) throws Exception {
        ClassifierTest.trained(fe, ClassifierOptions.defaults(), 5).save(dir);
        Path weights = ClassifierTest.weightsFile(dir);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[100] ^= 0x40;
        Files.write(weights, bytes);
        assertThatThrownBy(() -> Classifier.load(dir, fe)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("corrupt").hasMessageContaining(weights.getFileName().toString());
        Files.write(weights, new byte[10]);
        assertThatThrownBy(() -> Classifier.load(dir, fe)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("truncated");
        Files.writeString(dir.resolve("model.json"), "{ not json");
        assertThatThrownBy(() -> Classifier.load(dir, fe)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("not a valid");
        Files.writeString(dir.resolve("model.json"), "{\"format\":\"mask4j-model\",\"formatVersion\":99}");
        assertThatThrownBy(() -> Classifier.load(dir, fe)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("version 99");
        assertThatThrownBy(() -> Classifier.load(dir.resolve("nowhere"), fe))
                .isInstanceOf(ClassifierFormatException.class).hasMessageContaining("model.json is missing");
    }

    /**
     * {@code format-v1/} was saved by mask4j 0.1.0 (format version 1) from a mobilenet_v1_025 head trained on
     * the mask images; {@code expected.json} holds what it predicted then. Later versions must load it and
     * predict the same.
     */
    @Test
    void loadsAClassifierSavedByFormatVersion1() throws Exception {
        Path fixture = Path.of(getClass().getResource("/format-v1/model.json").toURI()).getParent();
        Classifier old = Classifier.load(fixture, fe);
        assertThat(old.labels()).containsExactly("with_mask", "without_mask");
        JsonNode expected = ModelFiles.json().readTree(fixture.resolve("expected.json").toFile());
        assertThat(expected.size()).isGreaterThanOrEqualTo(3);
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            Classification c = old.classify(SharedData.masks().resolve(e.getKey()));
            assertThat(c.confidenceOf("with_mask")).as(e.getKey())
                    .isCloseTo(e.getValue().asDouble(), within(1e-4));
        }
    }

    @Test
    void regressorTrainsSavesAndLoads(@TempDir Path dir) {
        // target: 1 for masked faces, 0 for bare ones; a regressor should separate them
        FeatureExtractor v2 = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        Regressor r = v2.regression();
        for (LabelledImage img : SharedData.masksTrain()) {
            r.addImage(img.image(), img.label().equals("with_mask") ? 1.0 : 0.0);
        }
        r.train(TrainingOptions.defaults(), TrainingListener.none());
        double errors = 0;
        List<LabelledImage> test = SharedData.masksTest();
        for (LabelledImage img : test) {
            double p = r.predict(img.image());
            boolean right = (p > 0.5) == img.label().equals("with_mask");
            errors += right ? 0 : 1;
        }
        assertThat(errors / test.size()).isLessThan(0.1);
        r.save(dir);
        Regressor loaded = Regressor.load(dir, v2);
        ImageInput one = test.get(0).image();
        assertThat(loaded.predict(one)).isCloseTo(r.predict(one), within(1e-6));
        assertThatThrownBy(() -> Classifier.load(dir, v2)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("regression");
    }
}
