/**
 * Which model to open and where its file comes from: {@link io.github.mask4j.model.ModelSpec} (an immutable
 * query with a builder), the {@link io.github.mask4j.model.BuiltinModel built-in models} with their checksums,
 * and {@link io.github.mask4j.model.ModelInfo}, what an opened model reports about itself.
 */
package io.github.mask4j.model;
