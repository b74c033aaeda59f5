package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.NotTrainedException;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.SavedModelMismatchException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.regression.Regressor;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.StopReason;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes as values and exceptions named for what went wrong, on the real masks and backbones. */
class TypedOutcomesTest {

    @Test
    void everyWayATrainingEndsHasItsReason() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = fe.classification(ClassifierOptions.neuralNetwork());
        c.addImages(SharedData.masksTrain());

        TrainingReport completed = c.train(TrainingOptions.builder().epochs(2).build());
        assertThat(completed.stop()).isEqualTo(StopReason.COMPLETED);
        assertThat(completed.stopReason()).isEqualTo("completed");

        TrainingReport early = c.train(TrainingOptions.builder().epochs(200).validationSplit(0.2).earlyStopping(2)
                .build());
        assertThat(early.stop()).isEqualTo(StopReason.EARLY_STOPPING);
        assertThat(early.stopReason()).isEqualTo(StopReason.EARLY_STOPPING.text());

        TrainingReport stopped = c.train(TrainingOptions.defaults(), (e, control) -> control.stop("enough"));
        assertThat(stopped.stop()).isEqualTo(StopReason.STOPPED);
        assertThat(stopped.stopReason()).isEqualTo("enough");

        Classifier linear = fe.classification(ClassifierOptions.linear());
        linear.addImages(SharedData.masksTrain());
        TrainingReport closedForm = linear.train();
        assertThat(closedForm.stop()).isEqualTo(StopReason.LINEAR_HEAD);
        assertThat(closedForm.epochs()).isEmpty();
    }

    @Test
    void reasonsReadFromTheirWordsMatchTheValues() {
        for (StopReason r : StopReason.values()) {
            assertThat(StopReason.fromText(r.text())).isEqualTo(r);
        }
        assertThat(StopReason.fromText("diverged (loss NaN); lower the learning rate")).isEqualTo(StopReason.DIVERGED);
        assertThat(StopReason.fromText("k-NN (3 neighbours): few examples per label"))
                .isEqualTo(StopReason.NEAREST_NEIGHBOURS);
        assertThat(StopReason.fromText("the user pressed stop")).isEqualTo(StopReason.STOPPED);
    }

    @Test
    void predictingBeforeTrainingIsNotTrainedAndStillATrainingDataException() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier c = fe.classification(ClassifierOptions.neuralNetwork());
        assertThatThrownBy(() -> c.classify(SharedData.masksTest().get(0).image()))
                .isInstanceOf(NotTrainedException.class)
                .isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("not trained yet");
        Regressor r = fe.regression();
        assertThatThrownBy(() -> r.predict(SharedData.masksTest().get(0).image()))
                .isInstanceOf(NotTrainedException.class)
                .hasMessageContaining("not trained yet");
    }

    @Test
    void savedModelErrorsAreNamedAndOldCatchBlocksStillCatchThem(@TempDir Path tmp) {
        assertThatThrownBy(() -> Classifier.load(tmp.resolve("nothing-here"),
                SharedData.extractor(BuiltinModel.MOBILENET_V1_025)))
                .isInstanceOf(SavedModelException.class)
                .isNotInstanceOf(SavedModelMismatchException.class)
                .isInstanceOf(deprecatedFormatException());

        Classifier c = ClassifierTest.trained(SharedData.extractor(BuiltinModel.MOBILENET_V1_025),
                ClassifierOptions.defaults(), 5);
        Path saved = tmp.resolve("saved");
        c.save(saved);
        assertThatThrownBy(() -> Classifier.load(saved, SharedData.extractor(BuiltinModel.MOBILENET_V2)))
                .isInstanceOf(SavedModelMismatchException.class)
                .isInstanceOf(deprecatedFormatException())
                .hasMessageContaining("mobilenet_v1_025");
        assertThatThrownBy(() -> Regressor.load(saved, SharedData.extractor(BuiltinModel.MOBILENET_V1_025)))
                .isInstanceOf(SavedModelMismatchException.class)
                .hasMessageContaining("not a regressor");
    }

    @Test
    void frameOriginsOfFilesAndRooms() {
        FrameOrigin file = FrameOrigin.file(Path.of("clips", "lecture.mp4"));
        assertThat(file.room()).isEqualTo("lecture.mp4");
        assertThat(file.participant()).isEqualTo(FrameOrigin.FILE_TRACK);
        assertThat(file.track()).isEqualTo(FrameOrigin.FILE_TRACK);
        FrameOrigin track = FrameOrigin.track("class-7b", "alice", "camera");
        assertThat(track).isEqualTo(new FrameOrigin("class-7b", "alice", "camera"));
        assertThat(track.toString()).isEqualTo("class-7b/alice/camera");
    }

    @SuppressWarnings("deprecation")
    private static Class<ClassifierFormatException> deprecatedFormatException() {
        return ClassifierFormatException.class;
    }
}
