/**
 * Not API. Writing exported ONNX files: the backbone's graph up to its features, joined to a trained head, with
 * the metadata that describes both.
 */
package io.github.mask4j.internal.export;
