package io.github.mask4j.classification;

import io.github.mask4j.BatchResult;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leave-one-source-out evaluation: for each source (web site, data set, camera), train a fresh classifier on the
 * images of every other source and test it on the images of the one left out. It estimates how a classifier does
 * on photos from somewhere it has never seen, which a random test split of the same sources hides (the same
 * cameras, framings and even people end up on both sides). Each image and each augmented copy is embedded once
 * for all the folds.
 *
 * <pre>{@code
 * List<SourcedImage> images = SourceManifest.read(Path.of("masks/manifest.csv"), Path.of("masks"), "portion");
 * CrossSourceEvaluation.Result r = CrossSourceEvaluation.run(extractor, images, ClassifierOptions.defaults(),
 *         TrainingOptions.defaults(), TrainingListener.none());
 * r.meanAccuracy();                                  // mean over the left-out sources
 * r.perSource().forEach(s -> log.info("{} {}", s.source(), s.evaluation().accuracy()));
 * }</pre>
 *
 * <p>Stateless and thread-safe; each call works on its own classifiers.
 */
public final class CrossSourceEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(CrossSourceEvaluation.class);

    /**
     * How the classifier trained without {@code source} did on it.
     *
     * @param source the left-out source
     * @param trainingImages images of the other sources it was trained on
     * @param evaluation accuracy, per-class figures and every classification of the left-out images
     */
    public record SourceResult(String source, int trainingImages, Evaluation evaluation) {}

    /**
     * The whole evaluation.
     *
     * @param perSource one result per source, in source-name order
     * @param meanAccuracy mean of the per-source accuracies (each source counts the same, whatever its size)
     * @param worstAccuracy the lowest per-source accuracy
     * @param reliability calibration over every left-out classification pooled
     */
    public record Result(List<SourceResult> perSource, double meanAccuracy, double worstAccuracy,
            Reliability reliability) {
        public Result {
            perSource = List.copyOf(perSource);
        }
    }

    private CrossSourceEvaluation() {}

    /**
     * Runs the evaluation. The listener sees the embedding of augmented copies (once, before the first fold) and
     * the epochs of every fold's training.
     *
     * @throws TrainingDataException with fewer than two sources, or when leaving a source out leaves a label
     *     without examples or a held-out label unknown to the classifier
     */
    public static Result run(Embedder extractor, List<SourcedImage> sourced, ClassifierOptions classifierOptions,
            TrainingOptions trainingOptions, TrainingListener listener) {
        // an image that cannot be read is left out (with a warning), as train and eval skip them
        BatchResult<float[]> embedded = extractor.embed(sourced.stream().map(i -> i.image().image()).toList());
        for (BatchResult.Failure<float[]> f : embedded.failures()) {
            LOG.warn("left out of the cross-source evaluation: {}", f.error().getMessage());
        }
        List<SourcedImage> images = embedded.successes().stream().map(s -> sourced.get(s.index())).toList();
        List<float[]> vectors = embedded.values();
        Set<String> sources = new TreeSet<>();
        images.forEach(i -> sources.add(i.source()));
        if (sources.size() < 2) {
            throw new TrainingDataException("leave-one-source-out evaluation needs images of two or more sources, got "
                    + sources);
        }
        List<float[]> mirrored = classifierOptions.flipAveraging()
                ? extractor.embed(Classifier.mirrors(images.stream().map(i -> i.image().image()).toList()))
                        .valuesOrThrow() : null;
        AugmentedEmbeddings augmented = new AugmentedEmbeddings();
        if (classifierOptions.mode() != ClassifierOptions.Mode.KNN) {
            augmented.copies(extractor, images.stream().map(i -> i.image().image()).toList(), trainingOptions,
                    listener);
        }
        Set<String> allLabels = new LinkedHashSet<>();
        images.forEach(i -> allLabels.add(i.image().label()));
        List<SourceResult> results = new ArrayList<>();
        List<Classification> pooled = new ArrayList<>();
        List<String> pooledTruth = new ArrayList<>();
        for (String source : sources) {
            Classifier classifier = new Classifier(extractor, classifierOptions, augmented);
            int training = 0;
            for (int i = 0; i < images.size(); i++) {
                SourcedImage image = images.get(i);
                if (!image.source().equals(source)) {
                    classifier.addExample(vectors.get(i), image.image().label(), image.image().image());
                    training++;
                }
            }
            List<String> labels = classifier.labels();
            if (labels.size() < allLabels.size()) {
                Set<String> missing = new LinkedHashSet<>(allLabels);
                missing.removeAll(labels);
                throw new TrainingDataException("without source '" + source + "' no image is labelled " + missing
                        + "; every label needs images from at least two sources");
            }
            classifier.train(trainingOptions, listener);
            List<Classification> held = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                SourcedImage image = images.get(i);
                if (image.source().equals(source)) {
                    held.add(classifier.classifyEmbedding(vectors.get(i), mirrored == null ? null : mirrored.get(i),
                            image.image().image().source()));
                    truth.add(classifier.labels().indexOf(image.image().label()));
                    pooledTruth.add(image.image().label());
                }
            }
            pooled.addAll(held);
            results.add(new SourceResult(source, training, Evaluation.of(classifier.labels(),
                    truth.stream().mapToInt(Integer::intValue).toArray(), held)));
        }
        double mean = results.stream().mapToDouble(r -> r.evaluation().accuracy()).average().orElse(0);
        double worst = results.stream().mapToDouble(r -> r.evaluation().accuracy()).min().orElse(0);
        return new Result(results, mean, worst, Reliability.of(pooled, pooledTruth, Reliability.DEFAULT_BINS));
    }
}
