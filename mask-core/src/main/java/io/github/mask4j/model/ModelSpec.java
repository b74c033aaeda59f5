package io.github.mask4j.model;

import io.github.mask4j.image.Preprocessing;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What model to open and how to feed it: an immutable query object in the manner of DJL's {@code Criteria}.
 *
 * <pre>{@code
 * ModelSpec builtin = ModelSpec.of("mobilenet_v2");
 * ModelSpec own = ModelSpec.builder()
 *         .file(Path.of("my-imagenet-classifier.onnx"))
 *         .preprocessing(Preprocessing.builder().size(224).imagenetNormalization().build())
 *         .build();
 * }</pre>
 *
 * <p>Where files are looked for: {@link Builder#modelDirectory(Path)}, else the directory named by the
 * {@code mask4j.model.dir} system property or the {@code MASK4J_MODEL_DIR} environment variable; then the cache
 * ({@link Builder#cacheDirectory(Path)}, else {@code mask4j.cache.dir} / {@code MASK4J_CACHE_DIR}, else
 * {@code ~/.cache/mask4j/models}); then, if allowed, a download into the cache.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelSpec {
    private final String id;
    private final BuiltinModel builtin;
    private final ModelSource source;
    private final Preprocessing preprocessing;
    private final List<String> labels;
    private final int backgroundClasses;
    private final String featureOutput;
    private final String logitsOutput;
    private final int threads;

    private ModelSpec(Builder b) {
        this.builtin = b.builtin;
        if (builtin == null && b.source.file() == null && b.source.files().isEmpty()) {
            throw new IllegalArgumentException("a ModelSpec needs a built-in model, a file or a downloadable file");
        }
        this.source = builtin != null && b.source.files().isEmpty() ? b.source.withFiles(builtin.files()) : b.source;
        this.preprocessing = b.preprocessing != null ? b.preprocessing
                : builtin != null ? builtin.preprocessing() : null;
        if (preprocessing == null) {
            throw new IllegalArgumentException("a model given by file needs its preprocessing (input size, "
                    + "mean/std, channel order); see Preprocessing.builder()");
        }
        this.labels = b.labels == null ? null : List.copyOf(b.labels);
        this.backgroundClasses = b.backgroundClasses != null ? b.backgroundClasses
                : builtin != null ? builtin.backgroundClasses() : 0;
        this.featureOutput = b.featureOutput;
        this.logitsOutput = b.logitsOutput;
        this.threads = b.threads;
        this.id = b.id != null ? b.id
                : builtin != null ? builtin.id()
                : source.file() != null ? stripExtension(source.file().getFileName().toString())
                : stripExtension(source.files().get(0).fileName());
    }

    /** The spec of a built-in model by id: {@code mobilenet_v2}, {@code mobilenet_v2_int8}, {@code mobilenet_v1_025}. */
    public static ModelSpec of(String builtinId) {
        return builder().builtin(BuiltinModel.fromId(builtinId)).build();
    }

    public static ModelSpec of(BuiltinModel model) {
        return builder().builtin(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.builtin = builtin;
        b.source = builtin != null && source.files().equals(builtin.files()) ? source.withFiles(List.of()) : source;
        b.preprocessing = preprocessing;
        b.labels = labels;
        b.backgroundClasses = backgroundClasses;
        b.featureOutput = featureOutput;
        b.logitsOutput = logitsOutput;
        b.threads = threads;
        return b;
    }

    public String id() {
        return id;
    }

    /** The built-in model, or {@code null} for a model given by file. */
    public BuiltinModel builtin() {
        return builtin;
    }

    /** Where the model's file comes from (the built-in model's files unless others were given). */
    public ModelSource source() {
        return source;
    }

    /** An explicit model file, or {@code null}. */
    public Path file() {
        return source.file();
    }

    /** Files that may provide the model, by name and checksum, best first. */
    public List<ModelFile> files() {
        return source.files();
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Class names in output order, or {@code null} for the built-in model's ImageNet labels (if any). */
    public List<String> labels() {
        return labels;
    }

    /** Leading outputs that are not classes; see {@link Builder#backgroundClasses(int)}. */
    public int backgroundClasses() {
        return backgroundClasses;
    }

    /** Name of the feature output, or {@code null} to use {@code features} or detect the pooled tensor. */
    public String featureOutput() {
        return featureOutput;
    }

    /** Name of the logits output, or {@code null} for the first output that is not features or probabilities. */
    public String logitsOutput() {
        return logitsOutput;
    }

    public Path modelDirectory() {
        return source.modelDirectory();
    }

    public Path cacheDirectory() {
        return source.cacheDirectory();
    }

    public boolean downloadAllowed() {
        return source.downloadAllowed();
    }

    /**
     * ONNX Runtime intra-op threads per call, or 0 for mask4j's default: every core the JVM may use, the fastest
     * setting for one stream of images. Set 1 when several threads call the same model at once, or when several
     * workers share the machine: with 1 thread, the images of a batch, and the rows of a single image, are also
     * prepared on the caller's thread (otherwise on all cores).
     */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "ModelSpec[" + id + (source.file() != null ? ", file " + source.file() : "") + ", " + preprocessing
                + "]";
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Builder for {@link ModelSpec}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private BuiltinModel builtin;
        private ModelSource source = ModelSource.defaults();
        private Preprocessing preprocessing;
        private List<String> labels;
        private Integer backgroundClasses;
        private String featureOutput;
        private String logitsOutput;
        private int threads;

        private Builder() {}

        /** An id for saved classifiers and logs (defaults to the built-in id or the file name). */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id);
            return this;
        }

        public Builder builtin(BuiltinModel model) {
            this.builtin = Objects.requireNonNull(model);
            return this;
        }

        /** An ONNX ImageNet classifier on disk; give its {@link #preprocessing(Preprocessing)} too. */
        public Builder file(Path file) {
            this.source = source.withFile(Objects.requireNonNull(file));
            return this;
        }

        /** Files to look for (and download) instead of the built-in model's list. */
        public Builder files(List<ModelFile> files) {
            this.source = source.withFiles(List.copyOf(files));
            return this;
        }

        /** Where the file comes from, all at once (replaces what {@link #file}, {@link #files} and the rest set). */
        public Builder source(ModelSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder preprocessing(Preprocessing preprocessing) {
            this.preprocessing = Objects.requireNonNull(preprocessing);
            return this;
        }

        public Builder labels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /**
         * Leading outputs that are not classes (TF-slim models have a "background" class 0). When the
         * {@link #labels(List) labels} have exactly this many names fewer than the model has outputs, the names
         * are shifted past these outputs, which {@code topK} calls {@code background}; labels that already name
         * every output (as the built-in label files do) are used as they are.
         */
        public Builder backgroundClasses(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("backgroundClasses must be >= 0, got " + count);
            }
            this.backgroundClasses = count;
            return this;
        }

        public Builder featureOutput(String name) {
            this.featureOutput = name;
            return this;
        }

        public Builder logitsOutput(String name) {
            this.logitsOutput = name;
            return this;
        }

        public Builder modelDirectory(Path dir) {
            this.source = source.withModelDirectory(dir);
            return this;
        }

        public Builder cacheDirectory(Path dir) {
            this.source = source.withCacheDirectory(dir);
            return this;
        }

        /** Whether a missing model may be downloaded into the cache (default true). */
        public Builder downloadAllowed(boolean allowed) {
            this.source = source.withDownloadAllowed(allowed);
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0");
            }
            this.threads = threads;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(this);
        }
    }
}
