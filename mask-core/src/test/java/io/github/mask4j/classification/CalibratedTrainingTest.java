package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingControl;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Augmented training, the fitted temperature and the "not sure" flag, on real images. */
class CalibratedTrainingTest {
    private static final FeatureExtractor FE = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    /** Every second training image: 150 images, 75 per label (enough for the network head). */
    private static List<LabelledImage> fewImages() {
        return everyNth(2);
    }

    private static List<LabelledImage> everyNth(int n) {
        List<LabelledImage> all = SharedData.masksTrain();
        List<LabelledImage> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += n) {
            out.add(all.get(i));
        }
        return out;
    }

    /** Records the augmentation progress it is told about. */
    static final class Progress implements TrainingListener {
        final List<int[]> calls = new ArrayList<>();

        @Override
        public void onEpoch(EpochResult epoch, TrainingControl control) {
        }

        @Override
        public void onAugmenting(int done, int total) {
            calls.add(new int[] {done, total});
        }
    }

    @Test
    void eachCopyIsEmbeddedOncePerSeed() {
        Classifier c = FE.classification();
        c.addImages(fewImages());
        TrainingOptions options = TrainingOptions.builder().epochs(3).augmentCopies(2).seed(4).build();
        Progress first = new Progress();
        c.train(options, first);
        assertThat(first.calls).isNotEmpty();
        assertThat(first.calls.get(first.calls.size() - 1)).containsExactly(300, 300);
        Progress again = new Progress();
        c.train(options, again);
        assertThat(again.calls).as("the copies of seed 4 are embedded already").isEmpty();
        Progress otherSeed = new Progress();
        c.train(options.toBuilder().seed(5).build(), otherSeed);
        assertThat(otherSeed.calls.get(otherSeed.calls.size() - 1)).containsExactly(300, 300);
        // the report counts originals and copies trained on
        assertThat(c.trainingReport().trainingExamples()).isEqualTo(450);
    }

    @Test
    void augmentedTrainingIsSeeded() {
        List<ImageInput> probe = SharedData.masksTest().stream().limit(10).map(LabelledImage::image).toList();
        TrainingOptions options = TrainingOptions.builder().epochs(4).augmentCopies(1).seed(9).build();
        List<Double> a = confidences(options, probe);
        assertThat(confidences(options, probe)).isEqualTo(a);
    }

    private static List<Double> confidences(TrainingOptions options, List<ImageInput> probe) {
        Classifier c = FE.classification();
        c.addImages(fewImages());
        c.train(options);
        return c.classify(probe).valuesOrThrow().stream().map(Classification::confidence).toList();
    }

    @Test
    void theThresholdMarksLowConfidenceAsNotSure() {
        List<ImageInput> probe = SharedData.masksTest().stream().map(LabelledImage::image).toList();
        Classifier never = FE.classification(ClassifierOptions.defaults().withNotSureBelow(0));
        never.addImages(fewImages());
        never.train(TrainingOptions.builder().epochs(5).augmentCopies(0).validationSplit(0.2).build());
        assertThat(never.classify(probe).valuesOrThrow()).noneMatch(Classification::unsure);
        Classifier always = FE.classification(ClassifierOptions.defaults().withNotSureBelow(1));
        always.addImages(fewImages());
        always.train(TrainingOptions.builder().epochs(5).augmentCopies(0).validationSplit(0.2).build());
        List<Classification> all = always.classify(probe).valuesOrThrow();
        // at threshold 1 everything short of certainty is "not sure"
        assertThat(all).allSatisfy(c -> assertThat(c.unsure()).isEqualTo(c.confidence() < 1));
        assertThat(all).filteredOn(Classification::unsure).isNotEmpty().allSatisfy(c -> {
            assertThat(c.displayLabel()).isEqualTo(Classification.NOT_SURE);
            assertThat(c.label()).isIn("with_mask", "without_mask");
        });
    }

    @Test
    void fewImagesPerLabelAnswerByNearestNeighbours(@TempDir Path dir) {
        // every fifteenth image: 10 per label, under ClassifierOptions.FEW_SHOT_BELOW
        Classifier c = FE.classification();
        c.addImages(everyNth(15));
        assertThat(c.exampleCounts().values()).allSatisfy(n -> assertThat(n).isLessThan(ClassifierOptions.FEW_SHOT_BELOW));
        Progress progress = new Progress();
        c.train(TrainingOptions.builder().validationSplit(0.2).seed(3).build(), progress);
        assertThat(c.trainingReport().stopReason()).contains("k-NN");
        assertThat(c.trainingReport().epochs()).isEmpty();
        assertThat(progress.calls).as("no copies: k-NN uses the images themselves").isEmpty();
        List<ImageInput> probe = SharedData.masksTest().stream().limit(20).map(LabelledImage::image).toList();
        List<Classification> before = c.classify(probe).valuesOrThrow();
        c.save(dir);
        List<Classification> after = Classifier.load(dir, FE).classify(probe).valuesOrThrow();
        for (int i = 0; i < probe.size(); i++) {
            assertThat(after.get(i).label()).isEqualTo(before.get(i).label());
            assertThat(after.get(i).confidence()).isCloseTo(before.get(i).confidence(), within(1e-6));
        }
    }

    @Test
    void temperatureAndThresholdSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
        Classifier c = FE.classification(ClassifierOptions.defaults().withNotSureBelow(0.8));
        c.addImages(fewImages());
        c.train(TrainingOptions.builder().epochs(10).augmentCopies(1).validationSplit(0.25).seed(2).build());
        c.save(dir);
        JsonNode doc = ModelFiles.json().readTree(dir.resolve("model.json").toFile());
        double t = doc.get("temperature").asDouble();
        assertThat(t).isPositive().isNotEqualTo(1.0);
        assertThat(doc.get("notSureBelow").asDouble()).isEqualTo(0.8);
        Classifier loaded = Classifier.load(dir, FE);
        assertThat(loaded.options().notSureBelow()).isEqualTo(0.8);
        List<ImageInput> probe = SharedData.masksTest().stream().limit(20).map(LabelledImage::image).toList();
        List<Classification> before = c.classify(probe).valuesOrThrow();
        List<Classification> after = loaded.classify(probe).valuesOrThrow();
        for (int i = 0; i < probe.size(); i++) {
            assertThat(after.get(i).label()).isEqualTo(before.get(i).label());
            assertThat(after.get(i).confidence()).isCloseTo(before.get(i).confidence(), within(1e-6));
            assertThat(after.get(i).unsure()).isEqualTo(before.get(i).unsure());
        }
    }
}
