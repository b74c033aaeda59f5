package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.mask4j.TrainingDataException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leave-one-source-out evaluation on a small subset of the real development set. */
class CrossSourceEvaluationTest {
    private static final FeatureExtractor FE = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    /** The first {@code perSource} images of each source (portion) of the development set. */
    static List<SourcedImage> subset(int perSource) {
        List<SourcedImage> all = SourceManifest.read(SharedData.masks().resolve("manifest.csv"), SharedData.masks(),
                "portion");
        Map<String, Integer> taken = new HashMap<>();
        List<SourcedImage> out = new ArrayList<>();
        for (SourcedImage i : all) {
            if (taken.merge(i.source(), 1, Integer::sum) <= perSource) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void trainsWithoutEachSourceAndTestsOnIt() {
        List<SourcedImage> images = subset(6);
        assertThat(images).hasSize(30);
        AtomicInteger augmented = new AtomicInteger();
        AtomicInteger epochs = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(io.github.mask4j.training.EpochResult epoch,
                    io.github.mask4j.training.TrainingControl control) {
                epochs.incrementAndGet();
            }

            @Override
            public void onAugmenting(int done, int total) {
                assertThat(total).isEqualTo(30);
                augmented.set(done);
            }
        };
        // a linear head: trained (with the augmented copies) whatever the number of images
        // the default backbone: mobilenet_v1_025's features are too weak for 24 images to say much
        CrossSourceEvaluation.Result r = CrossSourceEvaluation.run(SharedData.extractor(BuiltinModel.MOBILENET_V2),
                images, ClassifierOptions.linear(),
                TrainingOptions.builder().augmentCopies(1).validationSplit(0.2).seed(3).build(), listener);
        // every copy embedded once, before the first fold; a linear head reports no epochs
        assertThat(augmented.get()).isEqualTo(30);
        assertThat(epochs.get()).isZero();
        assertThat(r.perSource()).extracting(CrossSourceEvaluation.SourceResult::source)
                .containsExactly("cd-facecrop", "cd-rmfd", "cd-web", "praj-pair", "praj-real");
        for (CrossSourceEvaluation.SourceResult s : r.perSource()) {
            assertThat(s.trainingImages()).isEqualTo(24);
            assertThat(s.evaluation().total()).isEqualTo(6);
            assertThat(s.evaluation().results()).allSatisfy(c -> assertThat(c.source()).contains(s.source()));
        }
        double mean = r.perSource().stream().mapToDouble(s -> s.evaluation().accuracy()).average().orElseThrow();
        assertThat(r.meanAccuracy()).isCloseTo(mean, within(1e-9));
        assertThat(r.worstAccuracy()).isLessThanOrEqualTo(r.meanAccuracy());
        // 24 images of four other sources already tell most held-out faces apart
        assertThat(r.meanAccuracy()).isGreaterThan(0.6);
        assertThat(r.reliability().bins().stream().mapToInt(Reliability.Bin::count).sum()).isEqualTo(30);
        assertThat(r.reliability().expectedCalibrationError()).isBetween(0.0, 0.5);
    }

    @Test
    void sameSeedSameFigures() {
        List<SourcedImage> images = subset(3);
        TrainingOptions o = TrainingOptions.builder().epochs(3).augmentCopies(0).seed(5).build();
        CrossSourceEvaluation.Result a = CrossSourceEvaluation.run(FE, images, ClassifierOptions.defaults(), o,
                TrainingListener.none());
        CrossSourceEvaluation.Result b = CrossSourceEvaluation.run(FE, images, ClassifierOptions.defaults(), o,
                TrainingListener.none());
        assertThat(a.perSource()).extracting(s -> s.evaluation().accuracy())
                .isEqualTo(b.perSource().stream().map(s -> s.evaluation().accuracy()).toList());
    }

    @Test
    void aLabelFoundInOneSourceOnlyIsRefusedWithTheReason() {
        List<SourcedImage> images = subset(2).stream()
                .filter(i -> !i.source().equals("cd-web") && !i.source().equals("praj-pair")).toList();
        // with_mask now only comes from cd-facecrop
        assertThatThrownBy(() -> CrossSourceEvaluation.run(FE, images, ClassifierOptions.defaults(),
                TrainingOptions.builder().epochs(1).augmentCopies(0).build(), TrainingListener.none()))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("cd-facecrop")
                .hasMessageContaining("with_mask").hasMessageContaining("two sources");
    }

    @Test
    void manifestProblemsAreNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "file,label\ntest/with_mask/cd-facecrop_92.jpg,with_mask\n");
        assertThatThrownBy(() -> SourceManifest.read(csv, SharedData.masks(), "portion"))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("line 2")
                .hasMessageContaining("'portion'");
        Files.writeString(csv, "file,label,portion\nnope.jpg,with_mask,a\n");
        assertThatThrownBy(() -> SourceManifest.read(csv, SharedData.masks(), "portion"))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("nope.jpg")
                .hasMessageContaining("does not exist");
    }
}
