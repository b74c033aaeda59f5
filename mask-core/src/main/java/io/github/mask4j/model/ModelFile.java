package io.github.mask4j.model;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One acceptable file for a model: its name in the model directory or cache, its SHA-256 and size, and where
 * to download it from when it is not on disk ({@code null} when it is hosted nowhere). A file whose checksum
 * does not match is never used.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fileName file name in the model directory or cache
 * @param sha256 lower-case hex SHA-256 of the file
 * @param size size in bytes, or -1 when unknown
 * @param downloadUrl public URL, or {@code null}
 */
public record ModelFile(String fileName, String sha256, long size, URI downloadUrl) {
    public ModelFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, got " + sha256);
        }
        if (fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("fileName must be a plain file name, got " + fileName);
        }
    }
}
