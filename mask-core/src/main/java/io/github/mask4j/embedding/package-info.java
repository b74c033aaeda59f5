/**
 * Embedding: the {@link io.github.mask4j.embedding.Embedder} interface, "an image in, a feature vector out" with a
 * described backbone. The heads and the exporter are written against it; the ONNX implementation is
 * {@code io.github.mask4j.extractor.FeatureExtractor}.
 */
package io.github.mask4j.embedding;
