package io.github.mask4j.examples.commands;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelConfidence;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceModel;
import io.github.mask4j.face.MaskDetector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code classify} and {@code video} set up the face path: a detector from {@link FaceOptions} with the
 * loaded classifier, or the zero-training masked-face detector ({@code --pretrained}); and the note printed when
 * the classifier was trained on a different kind of input than it is about to see.
 *
 * <p>Not thread-safe; one per command run. Closes the detector it opened.
 */
final class FacePath implements AutoCloseable {
    /** The top-level label of an image in which {@code --pretrained} found no face. */
    static final String NO_FACE = MaskDetector.NO_FACE;

    private final FaceDetector detector;
    private final MaskDetector masks;

    private FacePath(FaceDetector detector, MaskDetector masks) {
        this.detector = detector;
        this.masks = masks;
    }

    /** A trained classifier behind the chosen detector. */
    static FacePath trained(FaceOptions options, Classifier classifier) {
        FaceDetector d = options.open();
        try {
            return new FacePath(d, MaskDetector.of(d, classifier, options.margin));
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The masked-face detector's own classes, no classifier. */
    static FacePath pretrained(FaceOptions options) {
        if (options.modelGiven() && options.model() != FaceModel.MASKED_FACE_RFB_640) {
            throw new IllegalArgumentException("--pretrained uses the masked face model; --face-model "
                    + options.faceModel + " cannot be combined with it");
        }
        FaceDetector d = FaceDetector.open(FaceModel.MASKED_FACE_RFB_640);
        return new FacePath(d, MaskDetector.pretrained(d));
    }

    MaskDetector masks() {
        return masks;
    }

    /**
     * The image-level answer without a classifier: the largest face's label and confidence as the only
     * prediction, or {@value #NO_FACE} with confidence 0.
     */
    static Classification fromFace(String source, String label, double confidence) {
        return new Classification(source, List.of(new LabelConfidence(label, confidence)));
    }

    /** Warns (on stderr) when the classifier's training input does not match how it is used. */
    static void checkTraining(Path classifierDir, boolean faces, PrintWriter err) {
        Optional<TrainingNotes> notes = TrainingNotes.read(classifierDir);
        if (notes.isEmpty()) {
            return;
        }
        if (faces && !notes.get().faces()) {
            err.println("note: this classifier was trained on whole images; for --faces, train it with train --faces");
        } else if (!faces && notes.get().faces()) {
            err.println("note: this classifier was trained on face crops (" + notes.get().faceModel()
                    + "); add --faces to classify each face");
        }
        err.flush();
    }

    @Override
    public void close() {
        masks.close();
        detector.close();
    }
}
