/**
 * The vocabulary every mask4j package shares: the typed exception tree rooted at
 * {@link io.github.mask4j.Mask4jException}, which every mask4j module throws, {@link io.github.mask4j.BatchResult}
 * (per-image results of a batch), {@link io.github.mask4j.Recognition} and the build's version
 * ({@link io.github.mask4j.Mask4j}). It depends on no other mask4j package; the entry point,
 * {@code io.github.mask4j.extractor.FeatureExtractor}, lives above it.
 */
package io.github.mask4j;
