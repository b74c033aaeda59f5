package io.github.mask4j.examples.commands;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the command line looks for models when the user did not say: {@code ../shared/models} beside the
 * current directory if it exists (the project's convention for a checkout), else mask4j's own cache and download.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelLocation {
    public static final String PROPERTY = "mask4j.model.dir";
    public static final String ENV = "MASK4J_MODEL_DIR";

    private ModelLocation() {}

    /** Sets {@code mask4j.model.dir} to {@code ../shared/models} when neither it nor the variable is set. */
    public static void applyDefault() {
        if (System.getProperty(PROPERTY) != null || System.getenv(ENV) != null) {
            return;
        }
        Path shared = Path.of("..", "shared", "models").toAbsolutePath().normalize();
        if (Files.isDirectory(shared)) {
            System.setProperty(PROPERTY, shared.toString());
        }
    }

    /** Default data directory for the demo: {@code ../shared/data/<name>}. */
    public static Path sharedData(String name) {
        return Path.of("..", "shared", "data", name);
    }
}
