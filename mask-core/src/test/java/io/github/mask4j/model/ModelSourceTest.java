package io.github.mask4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceDetectorOptions;
import io.github.mask4j.face.FaceModel;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One source value says where a backbone's and a face detector's files are; the old setters fill it. */
class ModelSourceTest {
    private final ModelSource offline = ModelSource.defaults().withModelDirectory(SharedData.models())
            .withDownloadAllowed(false);

    @Test
    void theSameSourceOpensABackboneAndAFaceDetector() {
        ModelSpec spec = ModelSpec.builder().builtin(BuiltinModel.MOBILENET_V1_025).source(offline).build();
        assertThat(spec.source()).isEqualTo(offline.withFiles(BuiltinModel.MOBILENET_V1_025.files()));
        assertThat(spec.modelDirectory()).isEqualTo(SharedData.models());
        assertThat(spec.downloadAllowed()).isFalse();
        ImageInput face = ImageInput.of(SharedData.testImage("face.jpg"));
        try (FeatureExtractor fe = FeatureExtractor.open(spec)) {
            assertThat(fe.embed(face)).containsExactly(SharedData.extractor(BuiltinModel.MOBILENET_V1_025).embed(face));
        }

        FaceDetectorOptions options = FaceDetectorOptions.builder().source(offline).build();
        assertThat(options.files()).isEqualTo(FaceModel.ULTRAFACE_RFB_320.files());
        assertThat(options.modelDirectory()).isEqualTo(SharedData.models());
        try (FaceDetector detector = FaceDetector.open(options)) {
            assertThat(detector.detect(face)).isNotEmpty();
        }
    }

    @Test
    void theFieldByFieldSettersBuildTheSameSource() {
        Path cache = Path.of("cache-dir");
        ModelSpec bySetters = ModelSpec.builder().builtin(BuiltinModel.MOBILENET_V2).modelDirectory(SharedData.models())
                .cacheDirectory(cache).downloadAllowed(false).build();
        ModelSpec bySource = ModelSpec.builder().builtin(BuiltinModel.MOBILENET_V2)
                .source(offline.withCacheDirectory(cache)).build();
        assertThat(bySetters.source()).isEqualTo(bySource.source());
        assertThat(bySetters.toBuilder().build().source()).isEqualTo(bySetters.source());

        FaceDetectorOptions faceBySetters = FaceDetectorOptions.builder().modelDirectory(SharedData.models())
                .cacheDirectory(cache).downloadAllowed(false).build();
        assertThat(faceBySetters.source()).isEqualTo(bySource.source().withFiles(FaceModel.ULTRAFACE_RFB_320.files()));
        assertThat(faceBySetters).isEqualTo(FaceDetectorOptions.builder().source(offline.withCacheDirectory(cache))
                .build());
    }

    @Test
    void aFaceDetectorIsFoundByChecksumNotByPath() {
        assertThatThrownBy(() -> FaceDetectorOptions.builder().source(ModelSource.file(Path.of("detector.onnx")))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256");
    }
}
