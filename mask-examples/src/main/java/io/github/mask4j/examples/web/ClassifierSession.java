package io.github.mask4j.examples.web;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's classifier and its states: collecting examples, training (on its own thread), trained; reset starts
 * over. Images are decoded through mask-core's {@link ImageInput} (header size limits before any pixels).
 *
 * <p>Thread-safe: state changes happen under one lock; the classifier itself is thread-safe.
 * {@link #close()} is idempotent.
 */
final class ClassifierSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierSession.class);
    static final int MAX_EPOCHS = 500;

    /** Training progress as the page sees it. */
    record TrainingState(boolean running, List<EpochResult> epochs, String stopReason, String error) {
        static TrainingState idle() {
            return new TrainingState(false, List.of(), null, null);
        }
    }

    private final FeatureExtractor extractor;
    private final Path saveTo;
    private final Runnable onReset;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mask4j-train");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private Classifier classifier;
    private boolean loadedWithoutExamples;
    private TrainingState training = TrainingState.idle();
    private boolean closed;
    /** Bumped when the classifier changes (a training finished, a reset): the exported file is stale then. */
    private long version = 1;
    private ExportedFile exported;
    private final Object exportLock = new Object();

    /** The current classifier as one ONNX file, for pages that classify their own frames (edge mode). */
    record ExportedFile(long version, byte[] onnx, ExportedModel model, String sha256) {}

    /**
     * @param classifierDir a saved classifier to start with, or null for an empty one
     * @param onReset run after a reset (the status board is cleared)
     */
    ClassifierSession(FeatureExtractor extractor, Path classifierDir, Path saveTo, Runnable onReset) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.saveTo = Objects.requireNonNull(saveTo, "saveTo");
        this.onReset = onReset;
        if (classifierDir != null) {
            this.classifier = Classifier.load(classifierDir, extractor);
            this.loadedWithoutExamples = classifier.exampleCount() == 0;
        } else {
            this.classifier = extractor.classification(ClassifierOptions.neuralNetwork());
        }
    }

    Classifier current() {
        synchronized (lock) {
            return classifier;
        }
    }

    String modelId() {
        return extractor.info().id();
    }

    /** Where save writes, as the page may show it: its name only, never the server's absolute path. */
    String saveName() {
        return saveTo.getFileName() == null ? "classifier" : saveTo.getFileName().toString();
    }

    Map<String, Object> addExample(String label, byte[] jpeg) {
        if (label == null || label.isBlank() || label.length() > 64) {
            throw new IllegalArgumentException("label must be given (?label=with_mask), 1-64 characters");
        }
        synchronized (lock) {
            if (training.running()) {
                throw new IllegalStateException("training is running; add examples when it has finished");
            }
            if (loadedWithoutExamples) {
                throw new IllegalStateException("the classifier given with --classifier was saved without its "
                        + "examples, so it cannot learn more; reset to start a new one");
            }
        }
        Classifier c = current();
        c.addImage(ImageInput.of(jpeg, "camera frame for " + label), label);
        return Map.of("counts", c.exampleCounts());
    }

    Map<String, Object> reset() {
        synchronized (lock) {
            if (training.running()) {
                throw new IllegalStateException("training is running");
            }
            classifier = extractor.classification(ClassifierOptions.neuralNetwork());
            loadedWithoutExamples = false;
            training = TrainingState.idle();
            changed();
            onReset.run();
            return Map.of("counts", classifier.exampleCounts());
        }
    }

    Map<String, Object> startTraining(String epochsText) {
        int epochs;
        try {
            epochs = Integer.parseInt(epochsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("epochs must be a whole number, got '" + epochsText + "'");
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs must be 1-" + MAX_EPOCHS + ", got " + epochs);
        }
        Classifier c;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("server is shutting down");
            }
            if (training.running()) {
                throw new IllegalStateException("training is already running");
            }
            c = classifier;
            if (c.labels().size() < 2) {
                throw new IllegalArgumentException("add examples of both labels before training (have "
                        + c.exampleCounts() + ")");
            }
            training = new TrainingState(true, List.of(), null, null);
        }
        // Small sets from a camera: hold out examples for validation curves only when there are enough.
        double split = c.exampleCount() >= 20 ? 0.2 : 0;
        TrainingOptions options = TrainingOptions.builder().epochs(epochs).validationSplit(split).build();
        trainer.execute(() -> runTraining(c, options));
        return Map.of("started", true, "epochs", epochs);
    }

    private void runTraining(Classifier c, TrainingOptions options) {
        List<EpochResult> seen = new ArrayList<>();
        try {
            TrainingReport report = c.train(options, (e, control) -> {
                synchronized (lock) {
                    seen.add(e);
                    training = new TrainingState(true, List.copyOf(seen), null, null);
                }
            });
            synchronized (lock) {
                training = new TrainingState(false, List.copyOf(seen), report.stopReason(), null);
                changed();
            }
        } catch (RuntimeException e) {
            LOG.warn("training failed: {}", e.toString());
            synchronized (lock) {
                training = new TrainingState(false, List.copyOf(seen), null, String.valueOf(e.getMessage()));
                changed();
            }
        }
    }

    /** Under {@code lock}: the classifier changed, so the cached export is stale. */
    private void changed() {
        version++;
        exported = null;
    }

    /** The version of the current classifier (changes after each training and reset). */
    long version() {
        synchronized (lock) {
            return version;
        }
    }

    /**
     * The current classifier exported to ONNX, exported on the first call after each training and cached until the
     * next one (exporting takes a second or two: one export at a time, outside the state lock).
     *
     * @throws IllegalStateException if it is not trained, or is training
     */
    ExportedFile exported() {
        synchronized (exportLock) {
            Classifier c;
            long v;
            synchronized (lock) {
                if (exported != null) {
                    return exported;
                }
                if (training.running()) {
                    throw new IllegalStateException("training is running; the model is exported when it ends");
                }
                if (!classifier.isTrained()) {
                    throw new IllegalStateException("no model yet: train (or start with --classifier) first");
                }
                c = classifier;
                v = version;
            }
            ExportedFile file;
            Path tmp = null;
            try {
                tmp = Files.createTempFile("mask4j-model", ".onnx");
                ExportedModel model = c.exportOnnx(tmp);
                byte[] onnx = Files.readAllBytes(tmp);
                file = new ExportedFile(v, onnx, model, Revalidated.sha256(onnx));
            } catch (IOException e) {
                throw new UncheckedIOException("could not export the model: " + e.getMessage(), e);
            } finally {
                deleteQuietly(tmp);
            }
            LOG.info("exported the classifier for edge mode: version {}, {} bytes", v, file.onnx().length);
            synchronized (lock) {
                if (version == v) {
                    exported = file;
                }
            }
            return file;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", p, e.toString());
            }
        }
    }

    Map<String, Object> trainingJson() {
        TrainingState t;
        synchronized (lock) {
            t = training;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", t.running());
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochResult e : t.epochs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            x.put("epochs", e.epochs());
            x.put("loss", Json.round(e.loss()));
            x.put("accuracy", e.accuracy() == null ? null : Json.round(e.accuracy()));
            x.put("validationLoss", e.validationLoss() == null ? null : Json.round(e.validationLoss()));
            epochs.add(x);
        }
        m.put("epochs", epochs);
        m.put("stopReason", t.stopReason());
        m.put("error", t.error());
        return m;
    }

    Map<String, Object> predict(byte[] jpeg) {
        Classifier c = current();
        if (!c.isTrained()) {
            throw new IllegalStateException("train (or start with --classifier) before predicting");
        }
        Classification r = c.classify(ImageInput.of(jpeg, "camera frame"));
        return Json.classification(r);
    }

    Map<String, Object> save() {
        Classifier c = current();
        if (!c.isTrained()) {
            throw new IllegalStateException("nothing to save yet: train first");
        }
        c.save(saveTo, c.exampleCount() > 0);
        return Map.of("saved", saveName());
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
