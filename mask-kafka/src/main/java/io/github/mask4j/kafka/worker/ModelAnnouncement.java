package io.github.mask4j.kafka.worker;

import java.util.Objects;

/**
 * "Classifier version V is at PATH": the value (JSON) of the compacted models topic. The path is a saved
 * classifier directory ({@code Classifier.save}) that every worker can read: a shared volume or a path baked
 * into their image.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the name results will carry, e.g. "2026-12-02a"
 * @param path the classifier directory, as the workers see it
 */
public record ModelAnnouncement(String version, String path) {
    public ModelAnnouncement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        if (version.isBlank()) {
            throw new IllegalArgumentException("a model version must not be blank");
        }
    }
}
