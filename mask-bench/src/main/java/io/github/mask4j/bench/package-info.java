/**
 * JMH benchmarks and harnesses that measure mask4j against raw ONNX Runtime on the same model; not published.
 */
package io.github.mask4j.bench;
