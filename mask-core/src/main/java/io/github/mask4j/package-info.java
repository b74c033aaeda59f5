/**
 * The entry point of mask4j, ml5.js's {@code featureExtractor('MobileNet')} for the JVM: {@link
 * io.github.mask4j.FeatureExtractor} opens an ONNX image model and turns images into feature vectors, from which
 * {@link io.github.mask4j.FeatureExtractor#classification()} and {@link
 * io.github.mask4j.FeatureExtractor#regression()} build trainable heads. Also home of the typed exception tree
 * rooted at {@link io.github.mask4j.Mask4jException}, which every mask4j module throws.
 */
package io.github.mask4j;
