package io.github.mask4j.classification;

/**
 * A label and how confident the classifier is in it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the label
 * @param confidence 0..1; a classification's confidences sum to 1
 */
public record LabelConfidence(String label, double confidence) {}
