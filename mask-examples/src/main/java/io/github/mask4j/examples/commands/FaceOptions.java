package io.github.mask4j.examples.commands;

import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceModel;
import io.github.mask4j.face.MaskDetector;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The face-path options shared by {@code train}, {@code classify} and {@code video}: {@code --faces},
 * {@code --face-model} and {@code --margin}.
 *
 * <p>Not thread-safe (filled in by picocli once).
 */
public final class FaceOptions {
    @Option(names = "--face-model", paramLabel = "MODEL",
            description = "Face detector for --faces: ultraface (default), yunet or masked (the masked-face "
                    + "UltraFace RFB-640).")
    String faceModel;

    @Option(names = "--margin", defaultValue = "0.2", paramLabel = "SHARE",
            description = "Margin added on each side of a face before classifying it, as a share of the face's "
                    + "longer side (default: ${DEFAULT-VALUE}).")
    double margin = MaskDetector.DEFAULT_MARGIN;

    /** The chosen detector model (UltraFace RFB-320 when none was given). */
    public FaceModel model() {
        return faceModel == null ? FaceModel.ULTRAFACE_RFB_320 : parse(faceModel);
    }

    /** Whether {@code --face-model} was given. */
    public boolean modelGiven() {
        return faceModel != null;
    }

    /** Refuses {@code --face-model} without {@code --faces}. */
    public void checkUsed(boolean faces) {
        if (!faces && modelGiven()) {
            throw new IllegalArgumentException("--face-model needs --faces");
        }
    }

    /**
     * The checks {@code classify} and {@code video} share: {@code --pretrained} only with {@code --faces} and
     * without {@code --classifier}; otherwise a classifier is required.
     */
    public void checkClassifierChoice(boolean faces, boolean pretrained, Path classifierDir) {
        if (pretrained && !faces) {
            throw new IllegalArgumentException("--pretrained needs --faces");
        }
        if (pretrained && classifierDir != null) {
            throw new IllegalArgumentException("--pretrained uses no classifier; drop --classifier or --pretrained");
        }
        if (!pretrained && classifierDir == null) {
            throw new IllegalArgumentException("--classifier DIR is required (or --faces --pretrained for zero training)");
        }
        checkUsed(faces);
    }

    /** Opens the chosen detector. */
    public FaceDetector open() {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("--margin must be in [0, 2], got " + margin);
        }
        return FaceDetector.open(model());
    }

    /** {@code ultraface}, {@code yunet}, {@code masked}, or a {@link FaceModel} id. */
    static FaceModel parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ultraface" -> FaceModel.ULTRAFACE_RFB_320;
            case "masked" -> FaceModel.MASKED_FACE_RFB_640;
            default -> {
                try {
                    yield FaceModel.fromId(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown --face-model '" + name
                            + "'; use ultraface, yunet or masked");
                }
            }
        };
    }
}
