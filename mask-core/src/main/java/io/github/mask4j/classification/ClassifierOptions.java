package io.github.mask4j.classification;

/**
 * Which kind of classifier {@code FeatureExtractor.classification(options)} makes: by default
 * ({@link Mode#AUTO}) the head that held up best on photos from unseen sources for the examples and features at
 * hand (see {@link #autoHead(int, int)}); or always a small neural network trained on the examples (ml5's
 * featureExtractor classifier), a linear softmax head, or k-nearest neighbours by cosine
 * similarity (TensorFlow.js's knn-classifier: no training, classes can be added and removed at any time); and
 * below which confidence a classification is marked "not sure".
 *
 * <pre>{@code
 * ClassifierOptions options = ClassifierOptions.defaults().withNotSureBelow(0.7).withFlipAveraging(true);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode which head: {@link Mode#AUTO}, the neural network, the linear head or k-NN
 * @param k neighbours consulted in k-NN mode
 * @param notSureBelow classifications whose top confidence is below this are {@link Classification#unsure()};
 *     0 never marks one
 * @param flipAveraging classify each image and its mirror image and average the two (test-time augmentation:
 *     twice the embedding work per image)
 */
public record ClassifierOptions(Mode mode, int k, double notSureBelow, boolean flipAveraging) {
    /** The default "not sure" threshold: with a calibrated head, two labels and under 2 in 3 odds. */
    public static final double DEFAULT_NOT_SURE_BELOW = 0.65;

    /**
     * Below this many examples in its smallest label, an {@link Mode#AUTO} classifier answers by
     * {@link #FEW_SHOT_K}-nearest neighbours (with a fitted temperature) instead of training a network: with a
     * handful of photos per label the network fits the photos' sources rather than the labels, and k-NN held up
     * best on photos from unseen sources (docs/accuracy.md has the figures).
     */
    public static final int FEW_SHOT_BELOW = 50;

    /** Neighbours consulted by the few-shot k-NN head. */
    public static final int FEW_SHOT_K = 7;

    /**
     * From this feature dimension up, an {@link Mode#AUTO} classifier with enough examples trains the linear head
     * rather than the network (MobileNetV2's 1280 features, fp32 and int8).
     */
    public static final int LINEAR_FROM_DIMENSION = 1024;

    /**
     * The head an {@link Mode#AUTO} classifier trains: {@link Mode#KNN} ({@link #FEW_SHOT_K} neighbours) when its
     * smallest label has fewer than {@link #FEW_SHOT_BELOW} examples, else {@link Mode#LINEAR} on features of
     * {@link #LINEAR_FROM_DIMENSION} or more values and {@link Mode#NEURAL_NETWORK} on smaller ones. Chosen by the
     * worst of five seeds on the leave-one-source-out proxy (docs/accuracy.md, 2 augmented copies): on
     * mobilenet_v2 the linear head 0.946 against the network's 0.934, on its int8 twin 0.917 against 0.909; on
     * the 256 features of mobilenet_v1_025 the network 0.843 against 0.823.
     *
     * @param fewestPerLabel examples in the smallest label
     * @param featureDimension length of the extractor's feature vectors
     */
    public static Mode autoHead(int fewestPerLabel, int featureDimension) {
        if (fewestPerLabel < FEW_SHOT_BELOW) {
            return Mode.KNN;
        }
        return featureDimension >= LINEAR_FROM_DIMENSION ? Mode.LINEAR : Mode.NEURAL_NETWORK;
    }

    /** The kinds of classifier. */
    public enum Mode {
        /**
         * The default: {@link #FEW_SHOT_K}-NN when a label has fewer than {@link #FEW_SHOT_BELOW} examples, else
         * the linear head on large feature vectors and the neural network on small ones
         * ({@link #autoHead(int, int)}).
         */
        AUTO,
        /** Always the small neural network (ml5's head), whatever the number of examples. */
        NEURAL_NETWORK,
        /** Always a linear softmax head with an L2 penalty. */
        LINEAR,
        /** k-nearest neighbours, no training. */
        KNN
    }

    public ClassifierOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (!(notSureBelow >= 0 && notSureBelow <= 1)) {
            throw new IllegalArgumentException("notSureBelow must be in [0, 1], got " + notSureBelow);
        }
    }

    /** Options with the default "not sure" threshold. */
    public ClassifierOptions(Mode mode, int k) {
        this(mode, k, DEFAULT_NOT_SURE_BELOW, false);
    }

    /** The default head ({@link Mode#AUTO}: train before classifying). */
    public static ClassifierOptions defaults() {
        return new ClassifierOptions(Mode.AUTO, 3);
    }

    /** Always the neural network, as ml5 does (training curves even for a handful of images). */
    public static ClassifierOptions neuralNetwork() {
        return new ClassifierOptions(Mode.NEURAL_NETWORK, 3);
    }

    /** A linear softmax head, whatever the number of examples. */
    public static ClassifierOptions linear() {
        return new ClassifierOptions(Mode.LINEAR, 3);
    }

    /** k-NN with the given k (3 in knn-classifier). */
    public static ClassifierOptions knn(int k) {
        return new ClassifierOptions(Mode.KNN, k);
    }

    /** These options with another "not sure" threshold (0 to never say "not sure"). */
    public ClassifierOptions withNotSureBelow(double threshold) {
        return new ClassifierOptions(mode, k, threshold, flipAveraging);
    }

    /** These options with test-time flip averaging switched on or off. */
    public ClassifierOptions withFlipAveraging(boolean on) {
        return new ClassifierOptions(mode, k, notSureBelow, on);
    }
}
