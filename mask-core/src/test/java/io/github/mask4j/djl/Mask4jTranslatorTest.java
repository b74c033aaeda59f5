package io.github.mask4j.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.mask4j.ClassifierFormatException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.regression.Regressor;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported classifier loaded through DJL's Criteria with the mask4j translator classifies as mask4j does. */
class Mask4jTranslatorTest {

    @Test
    void criteriaWithTheTranslatorClassifiesAsMask4jDoes(@TempDir Path dir) throws Exception {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Classifier classifier = fe.classification(ClassifierOptions.defaults());
        classifier.addImages(SharedData.masksTrain());
        classifier.train(TrainingOptions.builder().seed(9).build());
        Path file = dir.resolve("masks.onnx");
        classifier.exportOnnx(file);

        Mask4jTranslator translator = Mask4jTranslator.forFile(file);
        assertThat(translator.labels()).isEqualTo(classifier.labels());
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optTranslator(translator)
                .build();
        List<LabelledImage> test = SharedData.masksTest();
        double maxDiff = 0;
        int same = 0;
        int correct = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (LabelledImage image : test) {
                Path path = Path.of(image.image().source());
                Classifications djl = predictor.predict(ImageFactory.getInstance().fromFile(path));
                Classification mask4j = classifier.classify(path);
                assertThat(djl.items()).hasSize(classifier.labels().size());
                for (String label : classifier.labels()) {
                    // mask4j classifies the float resize; DJL gets it rounded to uint8
                    maxDiff = Math.max(maxDiff, Math.abs(djl.get(label).getProbability() - mask4j.confidenceOf(label)));
                }
                same += djl.best().getClassName().equals(mask4j.label()) ? 1 : 0;
                correct += djl.best().getClassName().equals(image.label()) ? 1 : 0;
            }
        }
        System.out.printf("DJL Criteria + Mask4jTranslator on masks/test (original files): same label as "
                + "classify %d/%d, accuracy %d/%d, max |p_djl - p_mask4j| = %.3g%n", same, test.size(), correct,
                test.size(), maxDiff);
        assertThat(same).isGreaterThanOrEqualTo(test.size() - 1);
        assertThat(correct).isGreaterThanOrEqualTo((int) (0.9 * test.size()));
    }

    @Test
    void refusesARegressor(@TempDir Path dir) {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V1_025);
        Regressor r = fe.regression();
        r.addEmbedding(new float[fe.featureDimension()], 0);
        float[] other = new float[fe.featureDimension()];
        other[0] = 1;
        r.addEmbedding(other, 1);
        r.train(TrainingOptions.builder().seed(1).build(), TrainingListener.none());
        Path file = dir.resolve("r.onnx");
        r.exportOnnx(file);
        assertThatThrownBy(() -> Mask4jTranslator.forFile(file)).isInstanceOf(ClassifierFormatException.class)
                .hasMessageContaining("regression");
        assertThat(ExportedModel.read(file).labels()).isEmpty();
    }
}
