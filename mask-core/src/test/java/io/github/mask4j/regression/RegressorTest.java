package io.github.mask4j.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regressor's examples are checked as a classifier's are, and its saved files are validated explicitly. */
class RegressorTest {
    private final FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    /** A regressor trained on real embeddings of 40 mask images (1 for masked, 0 for bare faces). */
    private Regressor trained() {
        Regressor r = fe.regression();
        List<LabelledImage> images = SharedData.masksTrain().stream().limit(40).toList();
        List<float[]> vectors = fe.embed(images.stream().map(LabelledImage::image).toList()).valuesOrThrow();
        for (int i = 0; i < images.size(); i++) {
            r.addEmbedding(vectors.get(i), images.get(i).label().equals("with_mask") ? 1.0 : 0.0);
        }
        r.train(TrainingOptions.builder().epochs(5).seed(3).build(), TrainingListener.none());
        return r;
    }

    @Test
    void addEmbeddingRejectsAWrongDimensionAndNonFiniteValues() {
        Regressor r = fe.regression();
        float[] good = fe.embed(SharedData.masksTest().get(0).image());
        assertThatThrownBy(() -> r.addEmbedding(Arrays.copyOf(good, good.length - 1), 1.0))
                .isInstanceOf(TrainingDataException.class)
                .hasMessageContaining(good.length - 1 + " values, expected " + fe.featureDimension());
        float[] nan = good.clone();
        nan[7] = Float.NaN;
        assertThatThrownBy(() -> r.addEmbedding(nan, 1.0)).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("non-finite");
        float[] inf = good.clone();
        inf[0] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> r.addEmbedding(inf, 1.0)).isInstanceOf(TrainingDataException.class);
        assertThatThrownBy(() -> r.addEmbedding(null, 1.0)).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("no values");
        assertThatThrownBy(() -> r.addEmbedding(good, Double.NaN)).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("target");
        assertThat(r.exampleCount()).isZero();
        r.addEmbedding(good, 1.0);
        assertThat(r.exampleCount()).isEqualTo(1);
    }

    @Test
    void savedWithExamplesItLoadsThemAndTrainsAgain(@TempDir Path dir) throws Exception {
        Regressor r = trained();
        r.save(dir, true);
        JsonNode doc = ModelFiles.json().readTree(dir.resolve("model.json").toFile());
        assertThat(doc.at("/examples/targets")).hasSize(40);
        Regressor loaded = Regressor.load(dir, fe);
        assertThat(loaded.exampleCount()).isEqualTo(40);
        float[] probe = fe.embed(SharedData.masksTest().get(1).image());
        assertThat(loaded.predictEmbedding(probe)).isCloseTo(r.predictEmbedding(probe), within(1e-6));
        // the same examples and seed train the same head again
        loaded.train(TrainingOptions.builder().epochs(5).seed(3).build(), TrainingListener.none());
        assertThat(loaded.predictEmbedding(probe)).isCloseTo(r.predictEmbedding(probe), within(1e-5));

        Path bare = dir.resolve("bare");
        r.save(bare);
        assertThat(Regressor.load(bare, fe).exampleCount()).isZero();
    }

    @Test
    void damagedFilesAreSavedModelExceptionsNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Regressor r = trained();
        Path weights = copy(r, dir, "truncated-bin");
        Path bin = binary(weights, "weights-");
        byte[] bytes = Files.readAllBytes(bin);
        Files.write(bin, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Regressor.load(weights, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("truncated");

        // a document that lists fewer tensors than a two-layer head needs (this used to surface as an index error)
        Path fewer = copy(r, dir, "fewer-tensors");
        editDocument(fewer, d -> {
            ArrayNode tensors = (ArrayNode) d.at("/weights/tensors");
            tensors.remove(5);
            tensors.remove(4);
        });
        assertThatThrownBy(() -> Regressor.load(fewer, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("expected 6 weight tensors, found 4");

        Path oneLayer = copy(r, dir, "one-layer");
        editDocument(oneLayer, d -> ((ArrayNode) d.at("/head/layers")).remove(1));
        assertThatThrownBy(() -> Regressor.load(oneLayer, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("two-layer");

        Path noLayers = copy(r, dir, "no-layers");
        editDocument(noLayers, d -> ((ArrayNode) d.at("/head/layers")).removeAll());
        assertThatThrownBy(() -> Regressor.load(noLayers, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("two-layer");

        Path noTarget = copy(r, dir, "no-target");
        editDocument(noTarget, d -> d.remove("target"));
        assertThatThrownBy(() -> Regressor.load(noTarget, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("standard deviation");

        Path moreTargets = dir.resolve("more-targets");
        r.save(moreTargets, true);
        editDocument(moreTargets, d -> ((ArrayNode) d.at("/examples/targets")).add(0.5));
        assertThatThrownBy(() -> Regressor.load(moreTargets, fe)).isExactlyInstanceOf(SavedModelException.class)
                .hasMessageContaining("expected 41 rows of " + fe.featureDimension());
    }

    private static Path copy(Regressor r, Path dir, String name) {
        Path target = dir.resolve(name);
        r.save(target);
        return target;
    }

    private static Path binary(Path dir, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static void editDocument(Path dir, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path file = dir.resolve("model.json");
        ObjectNode doc = (ObjectNode) ModelFiles.json().readTree(file.toFile());
        edit.accept(doc);
        ModelFiles.json().writeValue(file.toFile(), doc);
    }
}
