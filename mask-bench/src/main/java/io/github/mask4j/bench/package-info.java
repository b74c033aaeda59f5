/**
 * JMH benchmarks and harnesses that measure mask4j against raw ONNX Runtime on the same model, and load harnesses
 * that drive the live relay from a process of their own ({@link io.github.mask4j.bench.RelayLoad}); not published.
 */
package io.github.mask4j.bench;
