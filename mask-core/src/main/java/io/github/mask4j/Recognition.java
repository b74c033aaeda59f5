package io.github.mask4j;

/**
 * One of the backbone's own classes (ImageNet) with its probability, as returned by
 * {@code FeatureExtractor.topK}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index output index of the class in the model
 * @param label class name
 * @param probability softmax probability, 0..1
 */
public record Recognition(int index, String label, double probability) {}
