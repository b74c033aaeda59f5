/**
 * Not API. Reading ONNX graphs (a small protobuf reader) and running a model through DJL's OnnxRuntime engine.
 */
package io.github.mask4j.internal.onnx;
