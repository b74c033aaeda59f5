/**
 * Plain DJL running a classifier exported by {@code mask4j export}: {@code Criteria} on the OnnxRuntime engine with
 * mask4j's translator, and no mask4j model files.
 */
package io.github.mask4j.examples.djl;
