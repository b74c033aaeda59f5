package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.UnknownLabelException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Region;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer learning on the real mask images with the real backbones. */
class ClassifierTest {

    static Classifier trained(FeatureExtractor fe, ClassifierOptions options, long seed) {
        Classifier c = fe.classification(options);
        c.addImages(SharedData.masksTrain());
        c.train(TrainingOptions.builder().seed(seed).build(), (e, control) -> { });
        return c;
    }

    @Test
    void mobilenetV2NeuralHeadReachesTheAccuracyBar() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2);
        Classifier c = fe.classification(ClassifierOptions.neuralNetwork());
        c.addImages(SharedData.masksTrain());
        assertThat(c.exampleCounts()).containsEntry("with_mask", 150).containsEntry("without_mask", 150);
        List<EpochResult> seen = new ArrayList<>();
        TrainingReport report = c.train(TrainingOptions.defaults(), (epoch, control) -> seen.add(epoch));
        assertThat(seen).hasSize(20);
        assertThat(report.epochs()).isEqualTo(seen);
        assertThat(seen.get(19).loss()).isLessThan(seen.get(0).loss());
        assertThat(seen).allSatisfy(e -> assertThat(e.loss()).isFinite().isPositive());
        Evaluation e = c.evaluate(SharedData.masksTest());
        System.out.println("mobilenet_v2 neural network on masks/test\n" + e.toTable());
        assertThat(e.accuracy()).isGreaterThanOrEqualTo(0.97);
        assertThat(e.total()).isEqualTo(120);
        assertThat(e.perClass().get("with_mask").support()).isEqualTo(60);
        int sum = 0;
        for (int[] row : e.confusion()) {
            for (int v : row) {
                sum += v;
            }
        }
        assertThat(sum).isEqualTo(120);
    }

    @Test
    void autoTrainsTheLinearHeadOnLargeFeaturesAndTheNetworkOnSmallOnes(@TempDir Path tmp) throws Exception {
        assertThat(ClassifierOptions.autoHead(ClassifierOptions.FEW_SHOT_BELOW - 1, 1280))
                .isEqualTo(ClassifierOptions.Mode.KNN);
        assertThat(ClassifierOptions.autoHead(ClassifierOptions.FEW_SHOT_BELOW, 1280))
                .isEqualTo(ClassifierOptions.Mode.LINEAR);
        assertThat(ClassifierOptions.autoHead(ClassifierOptions.FEW_SHOT_BELOW, 256))
                .isEqualTo(ClassifierOptions.Mode.NEURAL_NETWORK);
        // 150 images per label: mobilenet_v2's 1280 features get the linear head, mobilenet_v1_025's 256 the network
        Classifier v2 = trained(SharedData.extractor(BuiltinModel.MOBILENET_V2), ClassifierOptions.defaults(), 42);
        assertThat(v2.trainingReport().stopReason()).isEqualTo("linear head");
        assertThat(v2.trainingReport().epochs()).as("a full-batch fit has no epochs").isEmpty();
        Evaluation e = v2.evaluate(SharedData.masksTest());
        System.out.println("mobilenet_v2 default (linear) head on masks/test\n" + e.toTable());
        assertThat(e.accuracy()).isGreaterThanOrEqualTo(0.97);
        Classifier v1 = trained(SharedData.extractor(BuiltinModel.MOBILENET_V1_025), ClassifierOptions.defaults(), 42);
        assertThat(v1.trainingReport().stopReason()).isEqualTo("completed");
        assertThat(v1.trainingReport().epochs()).hasSize(20);
        v2.save(tmp.resolve("v2"));
        v1.save(tmp.resolve("v1"));
        JsonNode linear = ModelFiles.json().readTree(tmp.resolve("v2/model.json").toFile());
        assertThat(linear.get("mode").asText()).isEqualTo("auto");
        assertThat(linear.at("/head/type").asText()).isEqualTo("linear");
        assertThat(linear.at("/trainingReport/stopReason").asText()).isEqualTo("linear head");
        JsonNode network = ModelFiles.json().readTree(tmp.resolve("v1/model.json").toFile());
        assertThat(network.at("/head/type").asText()).isEqualTo("mlp");
        assertThat(Classifier.load(tmp.resolve("v2"), SharedData.extractor(BuiltinModel.MOBILENET_V2))
                .evaluate(SharedData.masksTest()).accuracy()).isEqualTo(e.accuracy());
    }

    @Test
    void mobilenetV1QuarterWidthNeuralHeadReachesTheAccuracyBar() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Evaluation e = trained(fe, ClassifierOptions.defaults(), 42).evaluate(SharedData.masksTest());
        System.out.println("mobilenet_v1_025 neural network on masks/test\n" + e.toTable());
        assertThat(e.accuracy()).isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void knnReachesTheAccuracyBarWithoutTraining() {
        for (BuiltinModel model : List.of(BuiltinModel.MOBILENET_V2, BuiltinModel.MOBILENET_V1_025)) {
            FeatureExtractor fe = SharedData.extractor(model);
            Classifier knn = fe.classification(ClassifierOptions.knn(5));
            knn.addImages(SharedData.masksTrain());
            assertThat(knn.isTrained()).isTrue();
            Evaluation e = knn.evaluate(SharedData.masksTest());
            System.out.println(model.id() + " 5-NN on masks/test\n" + e.toTable());
            assertThat(e.accuracy()).isGreaterThanOrEqualTo(model == BuiltinModel.MOBILENET_V2 ? 0.97 : 0.93);
        }
    }

    @Test
    void knnClassesComeAndGoIncrementally() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier knn = fe.classification(ClassifierOptions.knn(3));
        List<LabelledImage> train = SharedData.masksTrain();
        knn.addImages(train.subList(0, 20)); // with_mask only
        assertThatThrownBy(() -> knn.classify(SharedData.testImage("cat.jpg")))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("two labels");
        knn.addImages(train.subList(150, 170)); // without_mask
        knn.addImage(SharedData.testImage("cat.jpg"), "cat");
        Classification cat = knn.classify(SharedData.testImage("cat.jpg"));
        assertThat(cat.predictions()).hasSize(3);
        assertThat(cat.predictions().stream().mapToDouble(LabelConfidence::confidence).sum())
                .isCloseTo(1, within(1e-6));
        assertThat(knn.removeLabel("cat")).isEqualTo(1);
        assertThat(knn.labels()).containsExactly("with_mask", "without_mask");
        assertThat(knn.classify(SharedData.testImage("cat.jpg")).predictions()).hasSize(2);
        assertThatThrownBy(() -> knn.removeLabel("dog")).isInstanceOf(UnknownLabelException.class);
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndPredictions(@TempDir Path tmp) throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier a = trained(fe, ClassifierOptions.defaults(), 7);
        Classifier b = trained(fe, ClassifierOptions.defaults(), 7);
        Classifier other = trained(fe, ClassifierOptions.defaults(), 8);
        a.save(tmp.resolve("a"));
        b.save(tmp.resolve("b"));
        other.save(tmp.resolve("other"));
        assertThat(weightsFile(tmp.resolve("a"))).hasSameBinaryContentAs(weightsFile(tmp.resolve("b")));
        assertThat(weightsFile(tmp.resolve("a")).getFileName())
                .isNotEqualTo(weightsFile(tmp.resolve("other")).getFileName());
        for (LabelledImage img : SharedData.masksTest().subList(50, 70)) {
            assertThat(a.classify(img.image()).predictions()).isEqualTo(b.classify(img.image()).predictions());
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions(@TempDir Path tmp) {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = trained(fe, ClassifierOptions.defaults(), 42);
        c.save(tmp);
        Classifier loaded = Classifier.load(tmp, fe);
        assertThat(loaded.labels()).isEqualTo(c.labels());
        assertThat(loaded.trainingReport().epochs()).hasSize(20);
        List<ImageInput> images = SharedData.masksTest().stream().map(LabelledImage::image).toList();
        assertThat(loaded.classify(images)).isEqualTo(c.classify(images));
        // without examples a loaded classifier classifies but cannot train further
        assertThatThrownBy(loaded::train).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("save it with examples");
    }

    @Test
    void savedWithExamplesCanLearnAThirdClass(@TempDir Path tmp) {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = trained(fe, ClassifierOptions.defaults(), 42);
        c.save(tmp, true);
        Classifier loaded = Classifier.load(tmp, fe);
        assertThat(loaded.exampleCount()).isEqualTo(300);
        // a "no_face" class from the cat photo and crops of it
        ImageInput cat = ImageInput.of(SharedData.testImage("cat.jpg"));
        loaded.addImage(cat, "no_face");
        for (int i = 0; i < 8; i++) {
            loaded.addImage(cat.crop(new Region(20 * i, 5 * i, 300, 300)), "no_face");
        }
        loaded.train(TrainingOptions.defaults());
        assertThat(loaded.labels()).containsExactly("with_mask", "without_mask", "no_face");
        Classification r = loaded.classify(cat);
        assertThat(r.label()).isEqualTo("no_face");
        assertThat(r.predictions()).hasSize(3);
        assertThat(loaded.evaluate(SharedData.masksTest()).accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void eightThreadsGiveExactlyTheSequentialResults() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = trained(fe, ClassifierOptions.defaults(), 42);
        List<LabelledImage> test = SharedData.masksTest();
        List<Classification> sequential = new ArrayList<>();
        for (LabelledImage img : test) {
            sequential.add(c.classify(img.image()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Classification>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 15;
                futures.add(pool.submit(() -> {
                    List<Classification> mine = new ArrayList<>();
                    for (int i = 0; i < test.size(); i++) {
                        mine.add(c.classify(test.get((i + offset) % test.size()).image()));
                    }
                    return mine;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<Classification> mine = futures.get(t).get();
                for (int i = 0; i < test.size(); i++) {
                    assertThat(mine.get(i)).isEqualTo(sequential.get((i + t * 15) % test.size()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badTrainingDataIsRefusedWithTypedErrors() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = fe.classification();
        assertThatThrownBy(c::train).isInstanceOf(TrainingDataException.class).hasMessageContaining("no examples");
        c.addImage(SharedData.testImage("cat.jpg"), "cat");
        assertThatThrownBy(c::train).isInstanceOf(TrainingDataException.class).hasMessageContaining("two labels");
        assertThatThrownBy(() -> c.classify(SharedData.testImage("cat.jpg")))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("not trained");
        assertThatThrownBy(() -> c.addEmbedding(new float[3], "x")).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("expected 256");
        assertThatThrownBy(() -> c.addImage(SharedData.testImage("cat.jpg"), " "))
                .isInstanceOf(TrainingDataException.class);
        Classifier ok = trained(fe, ClassifierOptions.defaults(), 1);
        assertThatThrownBy(() -> ok.evaluate(List.of(LabelledImage.of(SharedData.testImage("cat.jpg"), "cat"))))
                .isInstanceOf(UnknownLabelException.class).hasMessageContaining("'cat'")
                .hasMessageContaining("with_mask");
    }

    @Test
    void earlyStoppingAndValidationAreReported() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = fe.classification();
        c.addImages(SharedData.masksTrain());
        TrainingReport r = c.train(TrainingOptions.builder().epochs(200).validationSplit(0.2).earlyStopping(3).build(),
                (e, control) -> { });
        assertThat(r.validationExamples()).isEqualTo(60);
        // the 240 images left for training, each with its augmented copies
        assertThat(r.trainingExamples()).isEqualTo(240 * (1 + TrainingOptions.DEFAULT_AUGMENT_COPIES));
        assertThat(r.epochs()).allSatisfy(e -> assertThat(e.validationLoss()).isNotNull());
        assertThat(r.stopReason()).isEqualTo("early stopping");
        assertThat(r.epochs().size()).isLessThan(200);
        TrainingReport stopped = c.train(TrainingOptions.defaults(), (e, control) -> {
            if (e.epoch() == 3) {
                control.stop("enough");
            }
        });
        assertThat(stopped.epochs()).hasSize(3);
        assertThat(stopped.stopReason()).isEqualTo("enough");
    }

    @Test
    void loadingOntoAnotherBaseModelNamesBoth(@TempDir Path tmp) {
        Classifier c = trained(SharedData.extractor(BuiltinModel.MOBILENET_V1_025), ClassifierOptions.defaults(), 3);
        c.save(tmp);
        assertThatThrownBy(() -> Classifier.load(tmp, SharedData.extractor(BuiltinModel.MOBILENET_V2)))
                .isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("mobilenet_v1_025").hasMessageContaining("mobilenet_v2");
    }

    static Path weightsFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("weights-")).findFirst().orElseThrow();
        }
    }
}
