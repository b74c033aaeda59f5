/**
 * DJL interop: load a model exported by {@code Classifier.exportOnnx} through DJL's {@code Criteria} on the
 * OnnxRuntime engine with {@link io.github.mask4j.djl.Mask4jTranslator}, {@code ai.djl.modality.cv.Image} in,
 * {@code ai.djl.modality.Classifications} out.
 *
 * <p>This is the one package whose public signatures use DJL types: its purpose is to plug into DJL. Everywhere
 * else in mask4j, DJL and ONNX Runtime stay behind the API.
 */
package io.github.mask4j.djl;
