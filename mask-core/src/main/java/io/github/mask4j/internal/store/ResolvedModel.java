package io.github.mask4j.internal.store;

import io.github.mask4j.model.ModelFile;
import java.nio.file.Path;

/**
 * A model file that was found (or downloaded) and verified. {@code known} is null for an unlisted file.
 * Immutable and thread-safe.
 */
public record ResolvedModel(Path path, String sha256, ModelFile known) {}
