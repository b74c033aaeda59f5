package io.github.mask4j.classification;

import io.github.mask4j.BatchResult;
import io.github.mask4j.NotTrainedException;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.SavedModelMismatchException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.UnknownLabelException;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.export.Exports;
import io.github.mask4j.internal.export.OnnxExporter;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.internal.nn.Calibration;
import io.github.mask4j.internal.nn.ClassifierTraining;
import io.github.mask4j.internal.nn.Knn;
import io.github.mask4j.internal.nn.LinearHead;
import io.github.mask4j.internal.nn.Mlp;
import io.github.mask4j.internal.persist.ModelDocument;
import io.github.mask4j.internal.persist.HeadStore;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.internal.persist.Provenances;
import io.github.mask4j.training.Augmentation;
import io.github.mask4j.training.StopReason;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An image classifier over an {@link Embedder}'s embeddings (a {@code FeatureExtractor}'s), in the manner of ml5's
 * {@code featureExtractor.classification()}: add labelled images, train, classify, save, load. In k-NN mode
 * ({@link ClassifierOptions#knn(int)}) there is no training: it classifies as soon as two labels have examples,
 * and labels can be added and removed at any time.
 *
 * <pre>{@code
 * Classifier masks = mobilenet.classification();
 * for (LabelledImage image : LabelledImage.fromDirectory(Path.of("masks/train"))) {
 *     masks.addImage(image.image(), image.label());
 * }
 * masks.train(TrainingOptions.defaults(), (epoch, control) -> log(epoch));
 * Classification c = masks.classify(Path.of("face.jpg"));   // c.label(), c.confidence(), c.predictions()
 * Evaluation e = masks.evaluate(LabelledImage.fromDirectory(Path.of("masks/test")));
 * masks.save(Path.of("out"), true);                         // with examples, to train on later
 * Classifier again = Classifier.load(Path.of("out"), mobilenet);
 * }</pre>
 *
 * <p>Training embeds {@link TrainingOptions#augmentCopies()} augmented copies of every added image once (and
 * keeps them for the next training with the same seed), fits a temperature on the validation split and then
 * trains again on everything. By default ({@link ClassifierOptions.Mode#AUTO}) the head depends on the examples
 * and features: nearest neighbours with fewer than {@link ClassifierOptions#FEW_SHOT_BELOW} examples in a label,
 * else a linear head on large feature vectors and the network on small ones
 * ({@link ClassifierOptions#autoHead(int, int)}, docs/accuracy.md). A classification under
 * {@link ClassifierOptions#notSureBelow()} is marked {@link Classification#unsure()}.
 *
 * <p>The classifier borrows its extractor and owns no native resources.
 *
 * <p>Thread-safe: {@code classify} and {@code evaluate} may run from many threads at once, also while examples
 * are added or a training runs (they use the last trained head until the new one is complete). Trainings run one
 * at a time, each on the examples present when it started; adding, removing and listing examples do not wait for
 * a training to finish.
 */
public final class Classifier {
    private final Embedder extractor;
    private final ClassifierOptions options;
    // guards the examples; held briefly, never for a whole training
    private final Object lock = new Object();
    // one training at a time
    private final Object trainLock = new Object();
    private final List<float[]> embeddings = new ArrayList<>();
    private final List<String> exampleLabels = new ArrayList<>();
    // the image of each example where known (null for bare embeddings), so training can augment it
    private final List<ImageInput> exampleImages = new ArrayList<>();
    private final AugmentedEmbeddings augmented;
    private volatile Head head;

    /** A trained, immutable head: what {@code classify} reads. */
    private record Head(List<String> labels, Mlp network, LinearHead linear, Knn knn, TrainingReport report,
            String fingerprint, double temperature) {
        float[] predict(float[] embedding) {
            float[] p = network != null ? network.predict(embedding)
                    : linear != null ? linear.predict(embedding) : knn.predict(embedding);
            return Calibration.apply(p, temperature);
        }
    }

    /** Use {@code FeatureExtractor.classification(options)}. */
    public Classifier(Embedder extractor, ClassifierOptions options) {
        this(extractor, options, new AugmentedEmbeddings());
    }

    /** A classifier that shares already embedded augmented copies (cross-source evaluation trains many). */
    Classifier(Embedder extractor, ClassifierOptions options, AugmentedEmbeddings augmented) {
        this.extractor = extractor;
        this.options = options;
        this.augmented = augmented;
    }

    public ClassifierOptions options() {
        return options;
    }

    public Embedder extractor() {
        return extractor;
    }

    /** Embeds the image now and keeps it as an example of {@code label} (ml5's {@code addImage}). */
    public void addImage(ImageInput image, String label) {
        addExample(extractor.embed(image), label, image);
    }

    public void addImage(BufferedImage image, String label) {
        addImage(ImageInput.of(image), label);
    }

    public void addImage(Path image, String label) {
        addImage(ImageInput.of(image), label);
    }

    /**
     * Adds many labelled images, embedding them in batches. An image that cannot be read is reported as a
     * failure and left out; every other image is added.
     *
     * @return the images added (successes) and those that could not be read (failures), in input order
     */
    public BatchResult<LabelledImage> addImages(List<LabelledImage> images) {
        for (LabelledImage li : images) {
            checkLabel(li.label());
        }
        BatchResult<float[]> vectors = extractor.embed(images.stream().map(LabelledImage::image).toList());
        synchronized (lock) {
            for (BatchResult.Success<float[]> s : vectors.successes()) {
                LabelledImage li = images.get(s.index());
                addExample(s.value(), li.label(), li.image());
            }
        }
        return vectors.map(s -> images.get(s.index()));
    }

    /** Adds an example whose embedding is already known (from {@link Embedder#embed}). */
    public void addEmbedding(float[] embedding, String label) {
        addExample(embedding, label, null);
    }

    /** Adds an example; {@code image} (null when unknown) is what training augments. */
    void addExample(float[] embedding, String label, ImageInput image) {
        checkLabel(label);
        checkEmbedding(embedding);
        synchronized (lock) {
            embeddings.add(embedding.clone());
            exampleLabels.add(label);
            exampleImages.add(image);
            if (options.mode() == ClassifierOptions.Mode.KNN) {
                head = null;
            }
        }
    }

    /** Removes every example of {@code label}; returns how many were removed. */
    public int removeLabel(String label) {
        synchronized (lock) {
            int removed = 0;
            for (int i = exampleLabels.size() - 1; i >= 0; i--) {
                if (exampleLabels.get(i).equals(label)) {
                    exampleLabels.remove(i);
                    embeddings.remove(i);
                    exampleImages.remove(i);
                    removed++;
                }
            }
            if (removed == 0) {
                throw new UnknownLabelException(label, labels());
            }
            if (options.mode() == ClassifierOptions.Mode.KNN) {
                head = null;
            }
            return removed;
        }
    }

    /** Labels of the examples in the order first added, or the trained labels when no examples are kept. */
    public List<String> labels() {
        synchronized (lock) {
            if (exampleLabels.isEmpty()) {
                Head h = head;
                return h == null ? List.of() : h.labels();
            }
            return List.copyOf(new LinkedHashSet<>(exampleLabels));
        }
    }

    /** Number of examples per label, in label order. */
    public Map<String, Integer> exampleCounts() {
        synchronized (lock) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            exampleLabels.forEach(l -> counts.merge(l, 1, Integer::sum));
            return counts;
        }
    }

    public int exampleCount() {
        synchronized (lock) {
            return exampleLabels.size();
        }
    }

    /** Whether {@code classify} can answer (trained, or a k-NN classifier with examples of two labels). */
    public boolean isTrained() {
        return head != null || (options.mode() == ClassifierOptions.Mode.KNN && labels().size() >= 2);
    }

    /** The report of the last training, or {@code null} (never trained, or k-NN). */
    public TrainingReport trainingReport() {
        Head h = head;
        return h == null ? null : h.report();
    }

    public TrainingReport train() {
        return train(TrainingOptions.defaults(), TrainingListener.none());
    }

    public TrainingReport train(TrainingOptions trainingOptions) {
        return train(trainingOptions, TrainingListener.none());
    }

    /**
     * Trains the head on all examples. Listeners see each epoch's loss and accuracy (and validation figures
     * with a validation split) and may stop training. In k-NN mode this only rebuilds the index.
     *
     * @throws TrainingDataException with fewer than two labels
     */
    public TrainingReport train(TrainingOptions trainingOptions, TrainingListener listener) {
        // one training at a time; the examples are copied under the example lock and trained on outside it, so
        // labels(), addImage() and the rest do not wait for a whole run (examples added meanwhile count from the
        // next training on)
        synchronized (trainLock) {
            List<String> labels;
            float[][] x;
            int[] y;
            List<ImageInput> images;
            String fingerprint;
            int fewest;
            synchronized (lock) {
                labels = labels();
                if (exampleLabels.isEmpty()) {
                    throw new TrainingDataException("no examples to train on; add images with addImage (a model "
                            + "loaded without its examples cannot be trained further: save it with examples)");
                }
                if (labels.size() < 2) {
                    throw new TrainingDataException("training needs examples of at least two labels, got " + labels);
                }
                if (options.mode() == ClassifierOptions.Mode.KNN) {
                    head = knnHead();
                    return new TrainingReport(trainingOptions, List.of(), embeddings.size(), 0,
                            StopReason.NEAREST_NEIGHBOURS, "k-NN needs no training", 0);
                }
                // the vectors themselves are never changed once added (addExample stores a copy)
                x = embeddings.toArray(new float[0][]);
                y = new int[x.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = labels.indexOf(exampleLabels.get(i));
                }
                images = new ArrayList<>(exampleImages);
                fingerprint = Provenances.fingerprint(embeddings, exampleLabels);
                fewest = exampleCounts().values().stream().mapToInt(Integer::intValue).min().orElse(0);
            }
            ClassifierOptions.Mode mode = options.mode() == ClassifierOptions.Mode.AUTO
                    ? ClassifierOptions.autoHead(fewest, extractor.featureDimension()) : options.mode();
            ClassifierTraining.Kind kind = switch (mode) {
                case LINEAR -> ClassifierTraining.Kind.LINEAR;
                case KNN -> ClassifierTraining.Kind.KNN;
                default -> ClassifierTraining.Kind.NETWORK;
            };
            // the few-shot k-NN votes with the images themselves, so their copies are not embedded
            float[][][] copies = kind == ClassifierTraining.Kind.KNN ? new float[x.length][0][]
                    : augmented.copies(extractor, images, trainingOptions, listener);
            ClassifierTraining.Result result = ClassifierTraining.run(x, copies, y, labels.size(), trainingOptions,
                    listener, kind, ClassifierOptions.FEW_SHOT_K);
            head = new Head(labels, result.network(), result.linear(), result.knn(), result.report(), fingerprint,
                    result.temperature());
            return result.report();
        }
    }

    /** @throws io.github.mask4j.InvalidImageException when the image cannot be read */
    public Classification classify(ImageInput image) {
        Head h = currentHead();
        return toClassification(image.source(), predict(h, List.of(image)).valuesOrThrow().get(0), h);
    }

    public Classification classify(BufferedImage image) {
        return classify(ImageInput.of(image));
    }

    public Classification classify(Path image) {
        return classify(ImageInput.of(image));
    }

    /**
     * Classifies many images, embedding them in batches; one outcome per image in input order, a failure with
     * its {@link io.github.mask4j.InvalidImageException} for each image that cannot be read.
     */
    public BatchResult<Classification> classify(List<? extends ImageInput> images) {
        Head h = currentHead();
        return predict(h, images).map(s -> toClassification(s.source(), s.value(), h));
    }

    /** Classifies an embedding made by this classifier's extractor. */
    public Classification classifyEmbedding(float[] embedding) {
        return classifyEmbedding(embedding, null, "embedding");
    }

    /**
     * Classifies an embedding, naming where it came from in the result; with {@code mirrored} (the embedding of
     * the mirror image, or null) the two predictions are averaged.
     */
    Classification classifyEmbedding(float[] embedding, float[] mirrored, String source) {
        checkEmbedding(embedding);
        Head h = currentHead();
        float[] p = h.predict(embedding);
        if (mirrored != null) {
            float[] q = h.predict(mirrored);
            for (int k = 0; k < p.length; k++) {
                p[k] = (p[k] + q[k]) / 2;
            }
        }
        return toClassification(source, p, h);
    }

    /**
     * Accuracy, per-class precision, recall, F1 and support, and the confusion matrix on labelled images. Images
     * that cannot be read are left out of the figures and listed in {@link Evaluation#failures()}.
     *
     * @throws UnknownLabelException when an image carries a label the classifier was not trained on
     */
    public Evaluation evaluate(List<LabelledImage> images) {
        List<String> labels = currentHead().labels();
        for (LabelledImage li : images) {
            if (!labels.contains(li.label())) {
                throw new UnknownLabelException(li.label(), labels);
            }
        }
        return evaluation(labels, images, classify(images.stream().map(LabelledImage::image).toList()));
    }

    /**
     * The evaluation of {@code results}, the outcomes of classifying {@code images} in the same order (for
     * callers that classify in steps, e.g. behind a progress bar).
     */
    public static Evaluation evaluation(List<String> labels, List<LabelledImage> images,
            BatchResult<Classification> results) {
        if (results.size() != images.size()) {
            throw new IllegalArgumentException(results.size() + " results for " + images.size() + " images");
        }
        List<BatchResult.Success<Classification>> ok = results.successes();
        int[] truth = new int[ok.size()];
        for (int i = 0; i < truth.length; i++) {
            String label = images.get(ok.get(i).index()).label();
            truth[i] = labels.indexOf(label);
            if (truth[i] < 0) {
                throw new UnknownLabelException(label, labels);
            }
        }
        return Evaluation.of(labels, truth, results.values(), results.failures());
    }

    /**
     * Class probabilities of each image (a failure for each image that cannot be read); with flip averaging, the
     * mean of the image's and its mirror's.
     */
    private BatchResult<float[]> predict(Head h, List<? extends ImageInput> images) {
        BatchResult<float[]> probabilities = extractor.embed(images).map(s -> h.predict(s.value()));
        if (!options.flipAveraging()) {
            return probabilities;
        }
        // only images that were read are mirrored; their decoded pixels are known good
        List<BatchResult.Success<float[]>> ok = probabilities.successes();
        List<float[]> mirrored = extractor.embed(mirrors(ok.stream().map(s -> images.get(s.index())).toList()))
                .valuesOrThrow();
        int[] position = new int[images.size()];
        for (int j = 0; j < ok.size(); j++) {
            position[ok.get(j).index()] = j;
        }
        return probabilities.map(s -> {
            float[] p = s.value();
            float[] q = h.predict(mirrored.get(position[s.index()]));
            for (int k = 0; k < p.length; k++) {
                p[k] = (p[k] + q[k]) / 2;
            }
            return p;
        });
    }

    /** The mirror image of each image, for flip averaging. */
    static List<ImageInput> mirrors(List<? extends ImageInput> images) {
        return images.stream().map(i -> ImageInput.of(Augmentation.flip(TensorWriter.render(i)))).toList();
    }

    /** Saves the trained head (not the examples) to {@code dir}; see {@link #save(Path, boolean)}. */
    public void save(Path dir) {
        save(dir, options.mode() == ClassifierOptions.Mode.KNN);
    }

    /**
     * Saves to {@code dir} ({@code model.json} plus little-endian float32 files), atomically: a failed or
     * interrupted save leaves a previous model in {@code dir} intact. With {@code includeExamples} the
     * embeddings and labels are saved too, so a loaded classifier can take more images or classes and train
     * again (k-NN classifiers always include them: they are the model).
     */
    public void save(Path dir, boolean includeExamples) {
        save(dir, includeExamples, ModelFiles.StepHook.NONE);
    }

    /** Package-private for tests that interrupt a save at each step. */
    void save(Path dir, boolean includeExamples, ModelFiles.StepHook hook) {
        Head h;
        List<float[]> exampleVectors;
        List<String> exampleNames;
        synchronized (lock) {
            h = currentHead();
            exampleVectors = List.copyOf(embeddings);
            exampleNames = List.copyOf(exampleLabels);
        }
        // a k-NN head (chosen, or the few-shot head of a neural-network classifier) is its examples
        boolean knn = h.knn() != null;
        boolean withExamples = knn || includeExamples;
        if (withExamples && exampleVectors.isEmpty()) {
            throw new TrainingDataException("no examples to save (this classifier was loaded without them)");
        }
        List<ModelFiles.Blob> blobs = new ArrayList<>();
        if (h.network() != null) {
            blobs.add(HeadStore.weights(h.network()));
        } else if (h.linear() != null) {
            blobs.add(HeadStore.weights(h.linear()));
        }
        if (withExamples) {
            blobs.add(HeadStore.examples(exampleVectors, extractor.featureDimension()));
        }
        String fingerprint = Provenances.fingerprint(exampleVectors, exampleNames);
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        exampleNames.forEach(l -> perLabel.merge(l, 1, Integer::sum));
        TrainingReport report = h.report();
        try {
            ModelFiles.save(dir, blobs, files -> new ModelDocument(ModelDocument.FORMAT,
                    ModelDocument.CURRENT_VERSION, ModelDocument.CLASSIFICATION,
                    knn ? "knn" : modeName(options.mode()),
                    h.labels(), extractor.featureDimension(),
                    knn ? null : h.linear() != null
                            ? new ModelDocument.Head("linear", "standardize",
                                    List.of(new ModelDocument.Layer(h.labels().size(), "softmax")))
                            : new ModelDocument.Head("mlp", "standardize", List.of(
                                    new ModelDocument.Layer(h.network().hidden(), "relu"),
                                    new ModelDocument.Layer(h.labels().size(), "softmax"))),
                    knn ? h.knn().k() : null, null, report == null ? null : report.options(), report,
                    Provenances.baseModel(extractor.info()),
                    Provenances.provenance(report == null ? null : report.options().seed(),
                            h.fingerprint() != null ? h.fingerprint() : fingerprint, exampleNames.size(), perLabel),
                    knn ? null : files.get(0),
                    withExamples ? new ModelDocument.Examples(files.get(files.size() - 1), exampleNames, null)
                            : null,
                    h.temperature(), options.notSureBelow(), options.flipAveraging() ? Boolean.TRUE : null),
                    hook);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save classifier to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exports the trained classifier with its backbone as one self-contained ONNX file, written atomically:
     * input {@code image} (uint8 {@code [N, H, W, 3]} RGB at the model's input size, resized and cropped by the
     * caller), outputs {@code probabilities} in the order of {@link #labels()} and {@code features}. Labels,
     * base model and preprocessing go into the file's metadata. A k-NN head exports its examples and votes in the
     * graph. See {@link ExportedModel} and docs/export.md.
     *
     * @throws NotTrainedException when the classifier is not trained
     * @throws io.github.mask4j.ModelUnavailableException when the backbone file changed since it was opened or
     *     cannot be exported
     * @throws UncheckedIOException when the file cannot be written
     */
    public ExportedModel exportOnnx(Path file) {
        Head h = currentHead();
        boolean knn = h.knn() != null;
        OnnxExporter.Head graphHead = knn ? new OnnxExporter.Nearest(h.knn())
                : h.linear() != null ? new OnnxExporter.Linear(h.linear())
                : new OnnxExporter.Dense(h.network(), true, 0f, 1f);
        String headName = knn ? "knn" : h.linear() != null ? "linear" : "neural_network";
        return Exports.write(file, extractor, graphHead, ModelDocument.CLASSIFICATION, headName, h.labels(),
                knn ? h.knn().k() : null);
    }

    /**
     * Loads a classifier saved by {@link #save}, onto the extractor it was trained with.
     *
     * @throws SavedModelException when files are missing or corrupt, or the extractor's model differs
     *     from the one the classifier was trained on (the message names both)
     */
    public static Classifier load(Path dir, Embedder extractor) {
        ModelDocument doc = ModelFiles.readDocument(dir);
        if (!ModelDocument.CLASSIFICATION.equals(doc.task())) {
            throw new SavedModelMismatchException(dir + " holds a " + doc.task() + " model, not a classifier");
        }
        Provenances.checkBaseModel(doc, extractor.info(), dir);
        List<String> labels = doc.labels();
        if (labels == null || labels.size() < 2 || new LinkedHashSet<>(labels).size() != labels.size()) {
            throw new SavedModelException(dir + ": a classifier needs two or more distinct labels, got "
                    + labels);
        }
        boolean knn = "knn".equals(doc.mode());
        ClassifierOptions options = knn ? ClassifierOptions.knn(doc.k() == null ? 3 : doc.k())
                : "linear".equals(doc.mode()) ? ClassifierOptions.linear()
                : "auto".equals(doc.mode()) ? ClassifierOptions.defaults() : ClassifierOptions.neuralNetwork();
        if (doc.notSureBelow() != null) {
            options = options.withNotSureBelow(doc.notSureBelow());
        }
        options = options.withFlipAveraging(Boolean.TRUE.equals(doc.flipAveraging()));
        Classifier c = new Classifier(extractor, options);
        if (doc.examples() != null) {
            List<String> names = doc.examples().labels();
            if (names == null) {
                throw new SavedModelException(dir + ": saved examples do not match their labels (no labels saved)");
            }
            List<float[]> vectors = HeadStore.readExamples(dir, doc, names.size());
            for (int i = 0; i < names.size(); i++) {
                if (!labels.contains(names.get(i))) {
                    throw new SavedModelException(dir + ": example label '" + names.get(i)
                            + "' is not among the labels " + labels);
                }
                c.embeddings.add(vectors.get(i));
                c.exampleLabels.add(names.get(i));
                c.exampleImages.add(null);
            }
        }
        if (knn) {
            if (c.embeddings.isEmpty()) {
                throw new SavedModelException(dir + ": a k-NN classifier needs its saved examples");
            }
            c.head = c.knnHead(doc.temperature() == null ? 1.0 : doc.temperature(), doc.trainingReport());
            return c;
        }
        double temperature = doc.temperature() == null ? 1.0 : doc.temperature();
        String fingerprint = doc.provenance() == null ? null : doc.provenance().dataFingerprint();
        if (doc.head() != null && "linear".equals(doc.head().type())) {
            c.head = new Head(List.copyOf(labels), null, HeadStore.readLinear(dir, doc, labels.size()), null,
                    doc.trainingReport(), fingerprint, temperature);
            return c;
        }
        Mlp net = HeadStore.readMlp(dir, doc, labels.size(), true);
        c.head = new Head(List.copyOf(labels), net, null, null, doc.trainingReport(), fingerprint, temperature);
        return c;
    }

    private static String modeName(ClassifierOptions.Mode mode) {
        return switch (mode) {
            case KNN -> "knn";
            case LINEAR -> "linear";
            case NEURAL_NETWORK -> "neural_network";
            case AUTO -> "auto";
        };
    }

    private Head knnHead() {
        return knnHead(1.0, null);
    }

    private Head knnHead(double temperature, TrainingReport report) {
        List<String> labels = List.copyOf(new LinkedHashSet<>(exampleLabels));
        int[] classes = exampleLabels.stream().mapToInt(labels::indexOf).toArray();
        return new Head(labels, null, null, new Knn(options.k(), embeddings.toArray(new float[0][]), classes,
                labels.size()), report, null, temperature);
    }

    private Head currentHead() {
        Head h = head;
        if (h != null) {
            return h;
        }
        if (options.mode() == ClassifierOptions.Mode.KNN) {
            synchronized (lock) {
                if (head == null) {
                    if (labels().size() < 2) {
                        throw new TrainingDataException("k-NN classification needs examples of at least two labels, "
                                + "got " + labels());
                    }
                    head = knnHead();
                }
                return head;
            }
        }
        throw new NotTrainedException("the classifier is not trained yet: call train() first");
    }

    private Classification toClassification(String source, float[] p, Head h) {
        List<LabelConfidence> list = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            list.add(new LabelConfidence(h.labels().get(i), p[i]));
        }
        list.sort(Comparator.comparingDouble(LabelConfidence::confidence).reversed());
        return new Classification(source, list, list.get(0).confidence() < options.notSureBelow());
    }

    private void checkEmbedding(float[] embedding) {
        HeadStore.checkEmbedding(embedding, extractor.featureDimension(), extractor.info().id());
    }

    private static void checkLabel(String label) {
        if (label == null || label.isBlank()) {
            throw new TrainingDataException("a label must be a non-empty string");
        }
    }
}
