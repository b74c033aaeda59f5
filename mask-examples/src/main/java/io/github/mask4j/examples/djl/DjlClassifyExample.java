package io.github.mask4j.examples.djl;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.github.mask4j.djl.Mask4jTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a classifier exported by {@code mask4j export} with plain DJL: {@code Criteria} on the OnnxRuntime engine
 * with mask4j's translator. No FeatureExtractor, no mask4j model files: only the one ONNX file.
 *
 * <pre>
 * java -cp mask4j.jar io.github.mask4j.examples.djl.DjlClassifyExample masks.onnx face1.jpg face2.jpg
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class DjlClassifyExample {
    private DjlClassifyExample() {}

    public static void main(String[] args) throws IOException, ModelException, TranslateException {
        if (args.length < 2) {
            System.err.println("usage: DjlClassifyExample MODEL.onnx IMAGE...");
            System.exit(2);
        }
        List<Path> images = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            images.add(Path.of(args[i]));
        }
        List<Classifications> results = classify(Path.of(args[0]), images);
        for (int i = 0; i < images.size(); i++) {
            Classifications.Classification best = results.get(i).best();
            System.out.printf("%s\t%s\t%.4f%n", images.get(i), best.getClassName(), best.getProbability());
        }
    }

    /** Classifies each image with the exported model in {@code modelFile}. */
    public static List<Classifications> classify(Path modelFile, List<Path> images)
            throws IOException, ModelException, TranslateException {
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(modelFile)
                .optEngine("OnnxRuntime")
                .optTranslator(Mask4jTranslator.forFile(modelFile))
                .build();
        List<Classifications> out = new ArrayList<>();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (Path image : images) {
                out.add(predictor.predict(ImageFactory.getInstance().fromFile(image)));
            }
        }
        return out;
    }
}
