package io.github.mask4j.extractor;

import io.github.mask4j.BatchResult;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.Recognition;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.internal.nn.Softmax;
import io.github.mask4j.internal.onnx.FeatureLocation;
import io.github.mask4j.internal.onnx.LoadedModel;
import io.github.mask4j.internal.onnx.OnnxBackbone;
import io.github.mask4j.internal.store.ResolvedModel;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.model.ModelInfo;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.regression.Regressor;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A pretrained ImageNet MobileNet used as a feature extractor: the JVM's {@code ml5.featureExtractor('MobileNet')}.
 *
 * <pre>{@code
 * try (FeatureExtractor mobilenet = FeatureExtractor.open("mobilenet_v2")) {
 *     Classifier classifier = mobilenet.classification();
 *     classifier.addImage(Path.of("masks/with_mask/1.jpg"), "with_mask");
 *     classifier.addImage(Path.of("masks/without_mask/1.jpg"), "without_mask");
 *     // ... more images ...
 *     classifier.train(TrainingOptions.defaults(), (epoch, control) -> log(epoch.loss()));
 *     Classification result = classifier.classify(Path.of("someone.jpg"));
 *     System.out.println(result.label() + " " + result.confidence());
 *     classifier.save(Path.of("mask-classifier"));
 * }
 * }</pre>
 *
 * <p>It owns the native ONNX Runtime session: close it when done ({@link #close()} is idempotent and waits for
 * calls in flight). Classifiers made from it borrow it and must not be used after it is closed.
 *
 * <p>Thread-safe: {@link #embed}, {@link #topK} and everything built on them may be called from many threads
 * at once; ONNX Runtime runs the calls concurrently.
 */
public final class FeatureExtractor implements Embedder, AutoCloseable {

    private final ModelSpec spec;
    private final ModelInfo info;
    private final OnnxBackbone backbone;
    /** For one image at a time: splits its rows over the cores when the model runs on every core. */
    private final TensorWriter tensorWriter;
    /** For the images of a batch, which are already spread over the cores one image per task. */
    private final TensorWriter batchWriter;
    private final String featureOutput;
    private final String logitsOutput;
    private final float featureScale;
    private final int featureZeroPoint;
    private final List<String> classLabels;
    private final List<String> bothOutputs;

    /** What the dry run learns: the feature vector's length, the number of classes and their names. */
    private record Probe(int dimension, int classes, List<String> labels) {}

    private FeatureExtractor(ModelSpec spec) {
        this.spec = spec;
        LoadedModel model = LoadedModel.load(spec);
        ResolvedModel file = model.file();
        FeatureLocation location = FeatureLocation.locate(spec, model.graph(), file.path());
        this.logitsOutput = location.logitsOutput();
        this.featureOutput = location.featureTensor();
        this.featureScale = location.scale();
        this.featureZeroPoint = location.zeroPoint();
        this.bothOutputs = List.of(featureOutput, logitsOutput);
        this.tensorWriter = new TensorWriter(spec.preprocessing(), spec.threads() != 1);
        this.batchWriter = new TensorWriter(spec.preprocessing());
        LoadedModel.Started<Probe> started = model.start(spec.id(), location.extraOutputs(), spec.preprocessing(),
                spec.threads(), backbone -> {
                    // A dry run checks the input size and learns the output sizes before any user image arrives.
                    Map<String, float[]> probe = backbone.run(new float[spec.preprocessing().tensorSize()], 1,
                            bothOutputs);
                    int dim = probe.get(featureOutput).length;
                    int classes = probe.get(logitsOutput).length;
                    if (spec.builtin() != null && dim != spec.builtin().featureDimension()) {
                        throw new ModelUnavailableException(file.path() + ": feature vector has " + dim
                                + " values, expected " + spec.builtin().featureDimension() + " for "
                                + spec.builtin().id());
                    }
                    return new Probe(dim, classes, labels(spec, classes));
                }, e -> new ModelUnavailableException("model " + spec.id() + " (" + file.path()
                        + ") does not accept a " + spec.preprocessing().width() + "x" + spec.preprocessing().height()
                        + " RGB input: " + e.getMessage(), e));
        this.backbone = started.backbone();
        this.classLabels = started.probe().labels();
        this.info = new ModelInfo(spec.id(), file.path(), file.sha256(), spec.preprocessing(),
                started.probe().dimension(), location.source(), started.probe().classes());
    }

    /** Opens a built-in model by id: {@code mobilenet_v2} (default), {@code mobilenet_v2_int8}, {@code mobilenet_v1_025}. */
    public static FeatureExtractor open(String modelId) {
        return open(ModelSpec.of(modelId));
    }

    public static FeatureExtractor open(BuiltinModel model) {
        return open(ModelSpec.of(model));
    }

    /** Opens the default model, {@code mobilenet_v2}. */
    public static FeatureExtractor open() {
        return open(BuiltinModel.MOBILENET_V2);
    }

    public static FeatureExtractor open(ModelSpec spec) {
        return new FeatureExtractor(spec);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public int featureDimension() {
        return info.featureDimension();
    }

    @Override
    public Preprocessing preprocessing() {
        return spec.preprocessing();
    }

    /**
     * The pooled penultimate feature vector of one image.
     *
     * @throws InvalidImageException when the image cannot be read (ImageTooLargeException when it is too large)
     */
    @Override
    public float[] embed(ImageInput image) {
        return embed(List.of(image)).valuesOrThrow().get(0);
    }

    public float[] embed(BufferedImage image) {
        return embed(ImageInput.of(image));
    }

    public float[] embed(Path image) {
        return embed(ImageInput.of(image));
    }

    /**
     * Feature vectors of many images, in input order, run in batches of up to {@link #MAX_BATCH}. An image that
     * cannot be read is a {@link BatchResult.Failure} carrying its {@link InvalidImageException}; the others are
     * embedded as usual.
     */
    @Override
    public BatchResult<float[]> embed(List<? extends ImageInput> images) {
        return runBatches(images, featureOutput, this::dequantise);
    }

    /** The model's own {@code k} most likely classes (ImageNet) for an image, most likely first. */
    public List<Recognition> topK(ImageInput image, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        double[] p = Softmax.of(runBatches(List.of(image), logitsOutput, l -> l).valuesOrThrow().get(0));
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]))
                .limit(k)
                .map(i -> new Recognition(i, classLabels.get(i), p[i]))
                .toList();
    }

    public List<Recognition> topK(Path image, int k) {
        return topK(ImageInput.of(image), k);
    }

    /** Writes an image into the model's input layout (exposed for benchmarks and custom pipelines). */
    public float[] preprocess(ImageInput image) {
        float[] tensor = new float[spec.preprocessing().tensorSize()];
        tensorWriter.write(image, tensor, 0);
        return tensor;
    }

    /**
     * A new, untrained classifier over this extractor with the default head ({@link ClassifierOptions#defaults()}:
     * chosen at training time from the number of examples and the feature size).
     */
    public Classifier classification() {
        return classification(ClassifierOptions.defaults());
    }

    public Classifier classification(ClassifierOptions options) {
        return new Classifier(this, options);
    }

    /** A new, untrained regressor (one number per image) over this extractor. */
    public Regressor regression() {
        return new Regressor(this);
    }

    public boolean isClosed() {
        return backbone.isClosed();
    }

    /** Frees the native model; idempotent; waits for calls in flight. */
    @Override
    public void close() {
        backbone.close();
    }

    @Override
    public String toString() {
        return "FeatureExtractor[" + info.id() + ", " + info.featureDimension() + "-d, " + info.featureSource() + "]";
    }

    /**
     * Runs the images through the model, {@link #MAX_BATCH} at a time, and turns each image's slice of
     * {@code output} into a value. Images that fail to decode or preprocess are left out of the native call and
     * reported as failures in their place.
     */
    private <T> BatchResult<T> runBatches(List<? extends ImageInput> images, String output,
            Function<float[], T> convert) {
        int per = spec.preprocessing().tensorSize();
        BatchResult.Builder<T> result = BatchResult.builder();
        for (int start = 0; start < images.size(); start += MAX_BATCH) {
            int n = Math.min(MAX_BATCH, images.size() - start);
            InvalidImageException[] errors = new InvalidImageException[n];
            int first = start;
            // Images are written straight into the buffer the model reads. The images of a batch are independent
            // and written to disjoint ranges: prepare them on all cores rather than one after the other while
            // ONNX Runtime's threads wait. A model opened with 1 thread (one of several workers sharing the
            // machine) stays on the caller's thread.
            Map<String, float[]> out = backbone.run(n, List.of(output), tensor -> {
                IntStream range = IntStream.range(0, n);
                TensorWriter writer = n > 1 ? batchWriter : tensorWriter;
                (n > 1 && spec.threads() != 1 ? range.parallel() : range).forEach(i -> {
                    try {
                        writer.write(images.get(first + i), tensor, i * per);
                    } catch (InvalidImageException e) {
                        errors[i] = e;
                    }
                });
                // Failed images leave the batch: the good ones move up to stay contiguous.
                int good = 0;
                for (int i = 0; i < n; i++) {
                    if (errors[i] == null) {
                        if (good != i) {
                            tensor.put(good * per, tensor, i * per, per);
                        }
                        good++;
                    }
                }
                return good;
            });
            float[] all = out.isEmpty() ? new float[0] : out.get(output);
            int good = (int) Arrays.stream(errors).filter(e -> e == null).count();
            int dim = good == 0 ? 0 : all.length / good;
            int k = 0;
            for (int i = 0; i < n; i++) {
                String source = images.get(first + i).source();
                if (errors[i] != null) {
                    result.failure(source, errors[i]);
                } else {
                    result.success(source, convert.apply(Arrays.copyOfRange(all, k * dim, (k + 1) * dim)));
                    k++;
                }
            }
        }
        return result.build();
    }

    private float[] dequantise(float[] v) {
        if (featureScale != 1f || featureZeroPoint != 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] - featureZeroPoint) * featureScale;
            }
        }
        return v;
    }

    private static List<String> labels(ModelSpec spec, int classes) {
        List<String> labels = spec.labels();
        if (labels == null && spec.builtin() != null) {
            labels = readLabelResource(spec.builtin().labelResource());
        }
        int background = spec.backgroundClasses();
        if (labels != null && background > 0 && labels.size() + background == classes) {
            // TF-slim models put non-class outputs first: name them, so class names line up with their outputs
            List<String> shifted = new ArrayList<>(classes);
            for (int i = 0; i < background; i++) {
                shifted.add(background == 1 ? "background" : "background_" + i);
            }
            shifted.addAll(labels);
            return List.copyOf(shifted);
        }
        if (labels == null || labels.size() != classes) {
            List<String> generic = new ArrayList<>(classes);
            for (int i = 0; i < classes; i++) {
                generic.add(labels != null && i < labels.size() ? labels.get(i) : "class_" + i);
            }
            return List.copyOf(generic);
        }
        return labels;
    }

    private static List<String> readLabelResource(String name) {
        try (InputStream in = FeatureExtractor.class.getResourceAsStream("/io/github/mask4j/labels/" + name)) {
            if (in == null) {
                throw new IllegalStateException("label file " + name + " missing from the mask-core jar");
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String text = line.matches("n\\d{8} .*") ? line.substring(10) : line.strip();
                int comma = text.indexOf(',');
                out.add(comma > 0 ? text.substring(0, comma) : text);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read label file " + name, e);
        }
    }
}
