package io.github.mask4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, as written there, on the real data. */
class QuickStartTest {

    @Test
    void theReadmeQuickStartWorks(@TempDir Path out) {
        Path train = SharedData.masks().resolve("train");
        Path someone = SharedData.masks().resolve("test/with_mask").toFile().listFiles()[0].toPath();
        List<Double> losses = new ArrayList<>();
        Classification result;
        TrainingReport report;
        try (FeatureExtractor mobilenet = FeatureExtractor.open("mobilenet_v2")) {
            Classifier classifier = mobilenet.classification();
            for (LabelledImage image : LabelledImage.fromDirectory(train)) {
                classifier.addImage(image.image(), image.label());
            }
            report = classifier.train(TrainingOptions.defaults(), (epoch, control) -> losses.add(epoch.loss()));
            result = classifier.classify(someone);
            classifier.save(out.resolve("mask-classifier"), true);
        }
        // 150 images per label on 1280 features: the default head is the linear one, fitted without epochs
        assertThat(report.stopReason()).isEqualTo("linear head");
        assertThat(losses).isEmpty();
        assertThat(result.label()).isEqualTo("with_mask");
        assertThat(result.confidence()).isGreaterThan(0.5);
        assertThat(out.resolve("mask-classifier/model.json")).exists();
    }
}
