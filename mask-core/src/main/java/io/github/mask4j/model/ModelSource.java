package io.github.mask4j.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a model's file comes from, apart from what the model is: an explicit file, or files known by name and
 * SHA-256 (with download URLs) looked for in the model directory, then the cache, then downloaded if allowed.
 * The one description of a model's source, shared by {@link ModelSpec} (backbones) and the face detector's
 * options, whose builders set it field by field.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file an explicit model file, or {@code null}
 * @param files files that may provide the model, by name and checksum, best first (empty for none)
 * @param modelDirectory where to look first, or {@code null} for {@code mask4j.model.dir} / {@code MASK4J_MODEL_DIR}
 * @param cacheDirectory where downloads go, or {@code null} for {@code mask4j.cache.dir} / {@code MASK4J_CACHE_DIR}
 *     / {@code ~/.cache/mask4j/models}
 * @param downloadAllowed whether a missing file may be downloaded (checked by SHA-256) into the cache
 */
public record ModelSource(Path file, List<ModelFile> files, Path modelDirectory, Path cacheDirectory,
        boolean downloadAllowed) {

    public ModelSource {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Nothing chosen yet: no file, no known files, default directories, downloads allowed. */
    public static ModelSource defaults() {
        return new ModelSource(null, List.of(), null, null, true);
    }

    /** An explicit file on disk. */
    public static ModelSource file(Path file) {
        return defaults().withFile(file);
    }

    /** Files known by name and SHA-256, looked for and downloaded as described above. */
    public static ModelSource files(List<ModelFile> files) {
        return defaults().withFiles(files);
    }

    public ModelSource withFile(Path file) {
        return new ModelSource(file, files, modelDirectory, cacheDirectory, downloadAllowed);
    }

    public ModelSource withFiles(List<ModelFile> files) {
        return new ModelSource(file, files, modelDirectory, cacheDirectory, downloadAllowed);
    }

    public ModelSource withModelDirectory(Path dir) {
        return new ModelSource(file, files, dir, cacheDirectory, downloadAllowed);
    }

    public ModelSource withCacheDirectory(Path dir) {
        return new ModelSource(file, files, modelDirectory, dir, downloadAllowed);
    }

    public ModelSource withDownloadAllowed(boolean allowed) {
        return new ModelSource(file, files, modelDirectory, cacheDirectory, allowed);
    }
}
