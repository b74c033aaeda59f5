package io.github.mask4j.kafka.testing;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Face-mask classifiers trained on ../shared/data/masks/train with real MobileNet V2 and saved, as a worker's
 * {@code --classifier DIR}: the photos are embedded once and each classifier is trained on those embeddings,
 * under label names of its own (so a rollout test can tell versions apart by their labels). Not thread-safe.
 */
public final class TrainedClassifiers {
    private final FeatureExtractor extractor = SharedData.extractor(BuiltinModel.MOBILENET_V2);
    private final List<LabelledImage> train = SharedData.masksTrain();
    private final List<float[]> embeddings;

    public TrainedClassifiers() {
        embeddings = extractor.embed(train.stream().map(LabelledImage::image).toList()).valuesOrThrow();
    }

    /** The extractor the classifiers were trained on (shared for the JVM; do not close). */
    public FeatureExtractor extractor() {
        return extractor;
    }

    /** Trains a classifier whose labels are {@code rename} of the folder names, saves it to {@code dir}. */
    public Classifier trainAndSave(UnaryOperator<String> rename, Path dir) {
        Classifier c = extractor.classification();
        for (int i = 0; i < train.size(); i++) {
            c.addEmbedding(embeddings.get(i), rename.apply(train.get(i).label()));
        }
        c.train(TrainingOptions.defaults());
        c.save(dir);
        return Classifier.load(dir, extractor);
    }
}
