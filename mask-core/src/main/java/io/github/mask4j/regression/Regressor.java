package io.github.mask4j.regression;

import io.github.mask4j.NotTrainedException;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.SavedModelMismatchException;
import io.github.mask4j.TrainingDataException;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.export.Exports;
import io.github.mask4j.internal.export.OnnxExporter;
import io.github.mask4j.internal.nn.Mlp;
import io.github.mask4j.internal.nn.TrainingLoop;
import io.github.mask4j.internal.persist.HeadStore;
import io.github.mask4j.internal.persist.ModelDocument;
import io.github.mask4j.internal.persist.ModelFiles;
import io.github.mask4j.internal.persist.Provenances;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Predicts one number per image (ml5's {@code featureExtractor.regression()}): add images with target values,
 * train, predict. The target is standardised for training and mapped back for predictions.
 *
 * <pre>{@code
 * Regressor coverage = mobilenet.regression();
 * coverage.addImage(ImageInput.of(Path.of("half-mask.jpg")), 0.5);
 * coverage.addImage(ImageInput.of(Path.of("full-mask.jpg")), 1.0);
 * coverage.addImage(ImageInput.of(Path.of("no-mask.jpg")), 0.0);
 * coverage.train(TrainingOptions.defaults(), TrainingListener.none());
 * double value = coverage.predict(ImageInput.of(Path.of("someone.jpg")));
 * }</pre>
 *
 * <p>Borrows its extractor; owns no native resources. Thread-safe: {@code predict} may run from many threads,
 * also during training (it uses the last trained head); adding examples and training are serialised.
 */
public final class Regressor {
    private final Embedder extractor;
    private final Object lock = new Object();
    private final List<float[]> embeddings = new ArrayList<>();
    private final List<Double> targets = new ArrayList<>();
    private volatile Head head;

    private record Head(Mlp network, double mean, double std, TrainingReport report) {
        double predict(float[] e) {
            return network.predict(e)[0] * std + mean;
        }
    }

    /** Use {@code FeatureExtractor.regression()}. */
    public Regressor(Embedder extractor) {
        this.extractor = extractor;
    }

    public void addImage(ImageInput image, double target) {
        addEmbedding(extractor.embed(image), target);
    }

    /**
     * Adds an example whose embedding is already known (from {@link Embedder#embed}).
     *
     * @throws TrainingDataException when the embedding has another length than the extractor's features, holds
     *     NaN or an infinity, or the target is not a finite number
     */
    public void addEmbedding(float[] embedding, double target) {
        if (!Double.isFinite(target)) {
            throw new TrainingDataException("target must be a finite number, got " + target);
        }
        HeadStore.checkEmbedding(embedding, extractor.featureDimension(), extractor.info().id());
        synchronized (lock) {
            embeddings.add(embedding.clone());
            targets.add(target);
        }
    }

    public int exampleCount() {
        synchronized (lock) {
            return targets.size();
        }
    }

    /** Trains on all examples; the listener sees each epoch's mean squared error (on standardised targets). */
    public TrainingReport train(TrainingOptions options, TrainingListener listener) {
        synchronized (lock) {
            if (targets.size() < 2) {
                throw new TrainingDataException("regression needs at least two examples, got " + targets.size());
            }
            double mean = targets.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double var = targets.stream().mapToDouble(t -> (t - mean) * (t - mean)).average().orElse(0);
            double std = Math.sqrt(var) > 1e-12 ? Math.sqrt(var) : 1;
            double[] y = targets.stream().mapToDouble(t -> (t - mean) / std).toArray();
            TrainingLoop.Result r = TrainingLoop.run(embeddings.toArray(new float[0][]), y, 0, options, listener);
            head = new Head(r.network(), mean, std, r.report());
            return r.report();
        }
    }

    public double predict(ImageInput image) {
        Head h = trained();
        return h.predict(extractor.embed(image));
    }

    public double predictEmbedding(float[] embedding) {
        return trained().predict(embedding);
    }

    private Head trained() {
        Head h = head;
        if (h == null) {
            throw new NotTrainedException("the regressor is not trained yet: call train() first");
        }
        return h;
    }

    /** Saves the trained head (not the examples) to {@code dir}; see {@link #save(Path, boolean)}. */
    public void save(Path dir) {
        save(dir, false);
    }

    /**
     * Saves atomically to {@code dir}, in the format and with the crash safety of
     * {@link io.github.mask4j.classification.Classifier#save(Path, boolean)}. With {@code includeExamples} the
     * embeddings and targets are saved too, so a loaded regressor can take more examples and train again.
     *
     * @throws NotTrainedException when the regressor is not trained
     * @throws UncheckedIOException when the files cannot be written
     */
    public void save(Path dir, boolean includeExamples) {
        Head h = trained();
        Mlp net = h.network();
        List<float[]> vectors;
        List<Double> values;
        synchronized (lock) {
            vectors = List.copyOf(embeddings);
            values = List.copyOf(targets);
        }
        List<ModelFiles.Blob> blobs = new ArrayList<>(List.of(HeadStore.weights(net)));
        if (includeExamples) {
            blobs.add(HeadStore.examples(vectors, extractor.featureDimension()));
        }
        int n = values.size();
        try {
            ModelFiles.save(dir, blobs, files -> new ModelDocument(ModelDocument.FORMAT, ModelDocument.CURRENT_VERSION,
                    ModelDocument.REGRESSION, "neural_network", null, extractor.featureDimension(),
                    new ModelDocument.Head("mlp", "standardize", List.of(new ModelDocument.Layer(net.hidden(), "relu"),
                            new ModelDocument.Layer(1, "linear"))),
                    null, new ModelDocument.Target(h.mean(), h.std()), h.report().options(), h.report(),
                    Provenances.baseModel(extractor.info()),
                    Provenances.provenance(h.report().options().seed(), null, n, Map.of()), files.get(0),
                    includeExamples ? new ModelDocument.Examples(files.get(1), null, values) : null,
                    null, null, null),
                    ModelFiles.StepHook.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save regressor to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exports the trained regressor with its backbone as one self-contained ONNX file, written atomically:
     * input {@code image} as for {@link io.github.mask4j.classification.Classifier#exportOnnx}, outputs
     * {@code prediction} ({@code [N, 1]}, in the units of the targets) and {@code features}.
     *
     * @throws NotTrainedException when the regressor is not trained
     * @throws UncheckedIOException when the file cannot be written
     */
    public ExportedModel exportOnnx(Path file) {
        Head h = trained();
        return Exports.write(file, extractor, new OnnxExporter.Dense(h.network(), false, (float) h.mean(),
                (float) h.std()), ModelDocument.REGRESSION, "neural_network", List.of(), null);
    }

    /**
     * Loads a regressor saved by {@link #save}, onto the extractor it was trained with, with its examples when
     * they were saved.
     *
     * @throws SavedModelMismatchException when {@code dir} holds another kind of model or one trained on another
     *     backbone
     * @throws SavedModelException when files are missing, truncated or corrupt, naming what is wrong
     */
    public static Regressor load(Path dir, Embedder extractor) {
        ModelDocument doc = ModelFiles.readDocument(dir);
        if (!ModelDocument.REGRESSION.equals(doc.task())) {
            throw new SavedModelMismatchException(dir + " holds a " + doc.task() + " model, not a regressor");
        }
        Provenances.checkBaseModel(doc, extractor.info(), dir);
        ModelDocument.Target target = doc.target();
        if (target == null || !Double.isFinite(target.mean()) || !(target.std() > 0)
                || !Double.isFinite(target.std())) {
            throw new SavedModelException(dir + ": a regressor needs its target's mean and a positive standard "
                    + "deviation, the document has " + target);
        }
        Regressor r = new Regressor(extractor);
        Mlp net = HeadStore.readMlp(dir, doc, 1, false);
        if (doc.examples() != null) {
            List<Double> values = doc.examples().targets();
            if (values == null || values.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
                throw new SavedModelException(dir + ": saved examples need one finite target each, got " + values);
            }
            r.embeddings.addAll(HeadStore.readExamples(dir, doc, values.size()));
            r.targets.addAll(values);
        }
        r.head = new Head(net, target.mean(), target.std(), doc.trainingReport());
        return r;
    }
}
