package io.github.mask4j.testing;

import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.model.BuiltinModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates the real models and images beside the project ({@code ../shared}, passed by the build as the
 * {@code mask4j.shared.dir} system property) and shares opened extractors between the tests of one JVM.
 */
public final class SharedData {
    private static final Map<BuiltinModel, FeatureExtractor> EXTRACTORS = new ConcurrentHashMap<>();

    private SharedData() {}

    /** The shared folder; fails with a message saying what is missing and how to point at it. */
    public static Path root() {
        String dir = System.getProperty("mask4j.shared.dir");
        if (dir == null) {
            dir = System.getenv("MASK4J_SHARED_DIR");
        }
        Path p = dir == null ? Path.of("..", "..", "shared") : Path.of(dir);
        if (!Files.isDirectory(p.resolve("models")) || !Files.isDirectory(p.resolve("data"))) {
            throw new IllegalStateException("the shared models and data sets were not found at "
                    + p.toAbsolutePath().normalize() + "; tests need ../shared beside the project root (with models/ "
                    + "and data/), or -Dmask4j.shared.dir=DIR / MASK4J_SHARED_DIR=DIR");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path models() {
        return root().resolve("models");
    }

    public static Path testImage(String name) {
        return models().resolve("testimages").resolve(name);
    }

    public static Path masks() {
        return root().resolve("data").resolve("masks");
    }

    public static List<LabelledImage> masksTrain() {
        return LabelledImage.fromDirectory(masks().resolve("train"));
    }

    public static List<LabelledImage> masksTest() {
        return LabelledImage.fromDirectory(masks().resolve("test"));
    }

    public static Path video() {
        return root().resolve("data").resolve("video");
    }

    /**
     * An extractor for a built-in model, opened once per JVM and closed at exit (tests must not close it).
     */
    public static FeatureExtractor extractor(BuiltinModel model) {
        root();
        return EXTRACTORS.computeIfAbsent(model, m -> {
            FeatureExtractor fe = FeatureExtractor.open(m);
            Runtime.getRuntime().addShutdownHook(new Thread(fe::close));
            return fe;
        });
    }
}
