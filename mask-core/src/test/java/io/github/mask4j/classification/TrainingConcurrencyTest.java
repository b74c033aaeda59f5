package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A training in progress does not hold the examples: they can be listed and added to meanwhile. */
class TrainingConcurrencyTest {

    @Test
    void examplesCanBeReadAndAddedWhileATrainingRuns() throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = fe.classification(ClassifierOptions.neuralNetwork());
        List<LabelledImage> train = SharedData.masksTrain();
        c.addImages(train);
        float[] extra = fe.embed(SharedData.masksTest().get(0).image());
        String extraLabel = SharedData.masksTest().get(0).label();

        CountDownLatch inTraining = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicBoolean answeredDuringTraining = new AtomicBoolean();
        CompletableFuture<TrainingReport> training = CompletableFuture.supplyAsync(() ->
                c.train(TrainingOptions.builder().epochs(3).seed(1).build(), (epoch, control) -> {
                    if (epoch.epoch() == 1) {
                        inTraining.countDown();
                        try {
                            // the training waits here, mid-run, for the other thread; a generous bound only so a
                            // regression (labels() blocking on the training) fails instead of hanging the build
                            answeredDuringTraining.set(answered.await(3, TimeUnit.MINUTES));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        assertThat(inTraining.await(10, TimeUnit.MINUTES)).as("training reached its first epoch").isTrue();
        List<String> labels = c.labels();
        int before = c.exampleCount();
        c.addEmbedding(extra, extraLabel);
        int after = c.exampleCount();
        answered.countDown();

        TrainingReport report = training.get(10, TimeUnit.MINUTES);
        assertThat(answeredDuringTraining).as("labels() and addEmbedding() answered while training ran").isTrue();
        assertThat(labels).containsExactlyInAnyOrder("with_mask", "without_mask");
        assertThat(before).isEqualTo(train.size());
        assertThat(after).isEqualTo(train.size() + 1);
        assertThat(report.epochs()).hasSize(3);
        // the run trained on the examples present when it started; the one added meanwhile counts next time
        assertThat(report.trainingExamples()).isEqualTo(train.size() * (1 + TrainingOptions.DEFAULT_AUGMENT_COPIES));
        assertThat(c.isTrained()).isTrue();
        assertThat(c.classify(SharedData.masksTest().get(1).image()).label()).isIn("with_mask", "without_mask");
    }
}
