/**
 * Classifiers and regressors exported as one self-contained ONNX file, and the contract of that file
 * ({@link io.github.mask4j.export.ExportedModel}). See docs/export.md.
 */
package io.github.mask4j.export;
