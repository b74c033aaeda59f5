package io.github.mask4j.classification;

/**
 * Precision, recall, F1 and support of one class in an {@link Evaluation}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param precision share of the images predicted as this class that are this class (0 when none was predicted)
 * @param recall share of this class's images predicted as this class
 * @param f1 harmonic mean of precision and recall
 * @param support number of images of this class
 */
public record ClassMetrics(double precision, double recall, double f1, int support) {}
