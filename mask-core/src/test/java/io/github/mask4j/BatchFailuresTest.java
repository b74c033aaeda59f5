package io.github.mask4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.FaceCrops;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.CraftedImages;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One unreadable image fails only itself: the batch calls report it in place, with its source and typed error,
 * and use every other image; the single-image calls still throw.
 */
class BatchFailuresTest {
    private final FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);

    @Test
    void batchCallsReportEachUnreadableImageAndUseTheRest(@TempDir Path tmp) throws Exception {
        List<LabelledImage> images = LabelledImage.fromDirectory(CraftedImages.mixedDataSet(tmp, 12));
        // 24 good + 3 damaged; the folder named album.jpg and readme.txt are not listed
        assertThat(images).hasSize(27);
        assertThat(images).noneMatch(li -> li.image().source().endsWith("album.jpg"));

        Classifier c = fe.classification(ClassifierOptions.knn(3));
        BatchResult<LabelledImage> added = c.addImages(images);
        assertThat(added.size()).isEqualTo(27);
        assertThat(added.successes()).hasSize(24);
        assertThat(added.failures()).extracting(f -> Path.of(f.source()).getFileName().toString())
                .containsExactly("aa-truncated.jpg", "notes.png", "zz-bomb.png");
        assertThat(added.failures().get(2).error()).isInstanceOf(ImageTooLargeException.class);
        assertThat(added.failures()).allSatisfy(f -> {
            assertThat(f.error()).isInstanceOf(InvalidImageException.class).hasMessageStartingWith(f.source());
            assertThat(images.get(f.index()).image().source()).isEqualTo(f.source());
        });
        assertThat(c.exampleCount()).isEqualTo(24);
        c.train();

        List<ImageInput> inputs = images.stream().map(LabelledImage::image).toList();
        BatchResult<Classification> classified = c.classify(inputs);
        assertThat(classified.outcomes()).hasSize(27);
        for (BatchResult.Outcome<Classification> o : classified.outcomes()) {
            assertThat(o.source()).isEqualTo(inputs.get(o.index()).source());
            if (o instanceof BatchResult.Success<Classification> s) {
                assertThat(s.value()).isEqualTo(c.classify(inputs.get(o.index())));
            } else {
                assertThatThrownBy(() -> c.classify(inputs.get(o.index()))).isInstanceOf(InvalidImageException.class);
            }
        }
        assertThat(classified.failures()).extracting(BatchResult.Failure::index)
                .containsExactlyElementsOf(added.failures().stream().map(BatchResult.Failure::index).toList());
        assertThatThrownBy(classified::valuesOrThrow).isSameAs(classified.failures().get(0).error());

        Evaluation e = c.evaluate(images);
        assertThat(e.total()).isEqualTo(24);
        assertThat(e.failures()).hasSize(3);
        assertThat(e.accuracy()).isGreaterThan(0.8);
    }

    @Test
    void aBatchOfOnlyBadImagesAndBatchesAcrossTheNativeLimit() {
        List<ImageInput> inputs = new ArrayList<>();
        for (int i = 0; i < FeatureExtractor.MAX_BATCH + 3; i++) {
            inputs.add(i % 5 == 0 ? ImageInput.of(new byte[] {1, 2, 3}, "junk " + i)
                    : ImageInput.of(SharedData.testImage(i % 2 == 0 ? "cat.jpg" : "face.jpg")));
        }
        BatchResult<float[]> r = fe.embed(inputs);
        assertThat(r.failures()).extracting(BatchResult.Failure::source)
                .containsExactly("junk 0", "junk 5", "junk 10", "junk 15");
        for (BatchResult.Success<float[]> s : r.successes()) {
            assertThat(s.value()).containsExactly(fe.embed(inputs.get(s.index())), org.assertj.core.api.Assertions
                    .within(1e-4f));
        }
        BatchResult<float[]> none = fe.embed(List.of(ImageInput.of(new byte[0], "a"), ImageInput.of(new byte[1], "b")));
        assertThat(none.successes()).isEmpty();
        assertThat(none.failures()).hasSize(2);
        assertThat(fe.embed(List.of()).size()).isZero();
    }

    @Test
    void faceBatchesSkipUnreadableImages() {
        List<ImageInput> inputs = List.of(ImageInput.of(SharedData.testImage("grace_hopper.jpg")),
                ImageInput.of("<html>".getBytes(), "page.html"), ImageInput.of(SharedData.testImage("cat.jpg")));
        try (FaceDetector detector = FaceDetector.open();
                MaskDetector masks = MaskDetector.pretrained()) {
            BatchResult<List<FaceResult>> r = masks.detect(inputs);
            assertThat(r.outcomes()).hasSize(3);
            assertThat(r.outcomes().get(0)).isInstanceOf(BatchResult.Success.class);
            assertThat(((BatchResult.Success<List<FaceResult>>) r.outcomes().get(0)).value()).isNotEmpty();
            assertThat(r.outcomes().get(1)).isInstanceOf(BatchResult.Failure.class);
            assertThat(r.outcomes().get(2)).isInstanceOf(BatchResult.Success.class);

            List<LabelledImage> labelled = inputs.stream().map(i -> new LabelledImage(i, "x")).toList();
            FaceCrops.Result crops = FaceCrops.cropToLargestFace(detector, labelled, 0.2);
            assertThat(crops.total()).isEqualTo(2);
            assertThat(crops.failures()).singleElement().satisfies(f -> {
                assertThat(f.index()).isEqualTo(1);
                assertThat(f.source()).isEqualTo("page.html");
            });
        }
    }
}
