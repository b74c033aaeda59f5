package io.github.mask4j.classification;

/**
 * Which kind of classifier {@code FeatureExtractor.classification(options)} makes: a small neural network
 * trained on the examples (ml5's featureExtractor classifier; the default), or k-nearest neighbours by cosine
 * similarity (TensorFlow.js's knn-classifier: no training, classes can be added and removed at any time).
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode neural network or k-NN
 * @param k neighbours consulted in k-NN mode
 */
public record ClassifierOptions(Mode mode, int k) {
    /** The kinds of classifier. */
    public enum Mode {
        NEURAL_NETWORK,
        KNN
    }

    public ClassifierOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }

    /** A neural-network head (train before classifying). */
    public static ClassifierOptions defaults() {
        return new ClassifierOptions(Mode.NEURAL_NETWORK, 3);
    }

    /** k-NN with the given k (3 in knn-classifier). */
    public static ClassifierOptions knn(int k) {
        return new ClassifierOptions(Mode.KNN, k);
    }
}
