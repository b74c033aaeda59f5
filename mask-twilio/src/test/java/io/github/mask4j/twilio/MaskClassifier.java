package io.github.mask4j.twilio;

import io.github.mask4j.classification.Classifier;
import io.github.mask4j.face.FaceCrops;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A face-mask classifier trained once per test JVM on ../shared/data/masks/train with real MobileNet V2, and a
 * {@link MaskDetector} (UltraFace + a head trained on face crops of the same photos), also made once.
 */
final class MaskClassifier {
    private static Classifier classifier;
    private static MaskDetector faces;

    private MaskClassifier() {}

    static synchronized Classifier get() {
        if (classifier == null) {
            Classifier c = SharedData.extractor(BuiltinModel.MOBILENET_V2).classification();
            c.addImages(SharedData.masksTrain());
            c.train(TrainingOptions.defaults());
            classifier = c;
        }
        return classifier;
    }

    /** UltraFace plus a MobileNet V2 head trained on the training photos cropped to their largest face. */
    static synchronized MaskDetector faces() {
        if (faces == null) {
            // shared for the JVM's lifetime, like SharedData's extractors
            FaceDetector detector = FaceDetector.open();
            FaceCrops.Result crops = FaceCrops.cropToLargestFace(detector, SharedData.masksTrain(),
                    MaskDetector.DEFAULT_MARGIN);
            Classifier c = SharedData.extractor(BuiltinModel.MOBILENET_V2).classification();
            c.addImages(crops.images());
            c.train(TrainingOptions.defaults());
            faces = MaskDetector.of(detector, c);
        }
        return faces;
    }

    /** A labelled sample frame of one of the shared clips. */
    record LabelledFrame(Path file, double seconds, String label) {}

    /** The frames of a clip in ../shared/data/video/frames with their labels from labels.csv, in time order. */
    static List<LabelledFrame> clip(String clip) {
        Path video = SharedData.video();
        List<LabelledFrame> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(video.resolve("labels.csv"))) {
                String[] f = line.split(",");
                if (f.length == 4 && f[0].equals(clip)) {
                    out.add(new LabelledFrame(video.resolve("frames").resolve(clip).resolve(f[1]),
                            Double.parseDouble(f[2]), f[3].trim()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read labels.csv", e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no frames for clip " + clip);
        }
        return out;
    }
}
