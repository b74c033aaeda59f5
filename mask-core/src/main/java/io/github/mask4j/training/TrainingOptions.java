package io.github.mask4j.training;

/**
 * Options for training a classifier's or regressor's head.
 *
 * <p>Defaults follow ml5.js's featureExtractor (Dense(100, relu) then Dense(n, softmax), 20 epochs) with two
 * changes that suit pooled MobileNet features better: Adam at 0.001 rather than ml5's 0.0001 (pooled features
 * are dense and well scaled once standardised, so the larger step converges within 20 epochs instead of
 * under-fitting), and batches of 16 rather than 40 % of the data (more updates per epoch on small sets). Inputs
 * are standardised per dimension with the training set's mean and spread, which makes one learning rate work
 * for every backbone. Classifiers also train on {@link #DEFAULT_AUGMENT_COPIES} augmented copies of each image
 * ({@link Augmentation}), which held up best on photos from unseen sources (docs/accuracy.md).
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder().epochs(30).validationSplit(0.2).earlyStopping(5).seed(7).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param epochs passes over the training data
 * @param learningRate Adam step size
 * @param batchSize examples per update
 * @param hiddenUnits width of the hidden ReLU layer
 * @param validationSplit share of examples held out (stratified) to report validation loss and accuracy; 0 for none
 * @param seed seed for initialisation, shuffling and the validation split: the same seed gives identical weights
 * @param earlyStoppingPatience stop after this many epochs without improvement of the validation loss (or the
 *     training loss without validation); 0 switches early stopping off
 * @param weightDecay L2 penalty on the kernels
 * @param augmentCopies augmented copies of each image (see {@link Augmentation}) trained on beside it, each
 *     embedded once when training first needs it; 0 switches augmentation off. Classifiers only; examples added
 *     as bare embeddings have no image to augment.
 */
public record TrainingOptions(int epochs, double learningRate, int batchSize, int hiddenUnits,
        double validationSplit, long seed, int earlyStoppingPatience, double weightDecay, int augmentCopies) {

    /** The default number of augmented copies per image (chosen on the leave-one-source-out proxy). */
    public static final int DEFAULT_AUGMENT_COPIES = 2;

    /** Options without augmentation, as before augmentation existed (and as saved by format version 1). */
    public TrainingOptions(int epochs, double learningRate, int batchSize, int hiddenUnits, double validationSplit,
            long seed, int earlyStoppingPatience, double weightDecay) {
        this(epochs, learningRate, batchSize, hiddenUnits, validationSplit, seed, earlyStoppingPatience, weightDecay,
                0);
    }

    public TrainingOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (hiddenUnits <= 0) {
            throw new IllegalArgumentException("hiddenUnits must be positive, got " + hiddenUnits);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (augmentCopies < 0) {
            throw new IllegalArgumentException("augmentCopies must be >= 0, got " + augmentCopies);
        }
    }

    public static TrainingOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().epochs(epochs).learningRate(learningRate).batchSize(batchSize).hiddenUnits(hiddenUnits)
                .validationSplit(validationSplit).seed(seed).earlyStopping(earlyStoppingPatience)
                .weightDecay(weightDecay).augmentCopies(augmentCopies);
    }

    /** Builder for {@link TrainingOptions}. Not thread-safe. */
    public static final class Builder {
        private int epochs = 20;
        private double learningRate = 1e-3;
        private int batchSize = 16;
        private int hiddenUnits = 100;
        private double validationSplit = 0;
        private long seed = 42;
        private int earlyStoppingPatience = 0;
        private double weightDecay = 1e-4;
        private int augmentCopies = DEFAULT_AUGMENT_COPIES;

        private Builder() {}

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder hiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        public Builder validationSplit(double validationSplit) {
            this.validationSplit = validationSplit;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder earlyStopping(int patience) {
            this.earlyStoppingPatience = patience;
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Augmented copies per image, 0 for none. */
        public Builder augmentCopies(int copies) {
            this.augmentCopies = copies;
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(epochs, learningRate, batchSize, hiddenUnits, validationSplit, seed,
                    earlyStoppingPatience, weightDecay, augmentCopies);
        }
    }
}
