package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.training.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The options that make a classifier hold up on photos from elsewhere, shared by {@code train} and
 * {@code eval --by-source}: augmented copies per image and the "not sure" threshold.
 *
 * <p>Not thread-safe (filled by picocli, read by one command).
 */
final class AccuracyOptions {
    @Option(names = "--augment", paramLabel = "N", defaultValue = "" + TrainingOptions.DEFAULT_AUGMENT_COPIES,
            description = "Augmented copies of each image to train on beside it (flip, crop, rotation, colour, blur, "
                    + "JPEG); 0 for none (default: ${DEFAULT-VALUE}).")
    int augment;

    @Option(names = "--not-sure-below", paramLabel = "P", defaultValue = "" + ClassifierOptions.DEFAULT_NOT_SURE_BELOW,
            description = "Mark classifications whose confidence is below P as \"not sure\" (saved with the "
                    + "classifier; 0 never does; default: ${DEFAULT-VALUE}).")
    double notSureBelow;

    /** A neural head, or k-NN with {@code k} neighbours, with this threshold. */
    ClassifierOptions classifierOptions(boolean knn, int k) {
        if (augment < 0) {
            throw new IllegalArgumentException("--augment must be 0 or more, got " + augment);
        }
        if (!(notSureBelow >= 0 && notSureBelow <= 1)) {
            throw new IllegalArgumentException("--not-sure-below must be in [0, 1], got " + notSureBelow);
        }
        return (knn ? ClassifierOptions.knn(k) : ClassifierOptions.defaults()).withNotSureBelow(notSureBelow);
    }
}
