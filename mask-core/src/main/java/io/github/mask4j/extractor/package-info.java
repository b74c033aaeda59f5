/**
 * The entry point of mask4j, ml5.js's {@code featureExtractor('MobileNet')} for the JVM: {@link
 * io.github.mask4j.extractor.FeatureExtractor} opens an ONNX image model and turns images into feature vectors,
 * from which {@link io.github.mask4j.extractor.FeatureExtractor#classification()} and {@link
 * io.github.mask4j.extractor.FeatureExtractor#regression()} build trainable heads. It is the top of mask-core:
 * the heads see it only as an {@link io.github.mask4j.embedding.Embedder}.
 */
package io.github.mask4j.extractor;
