package io.github.mask4j.export;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.training.TrainingOptions;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Trained heads on the mask data set, the test split resized to a model's input, and ORT Java runs. */
final class ExportFixtures {
    private static final Map<BuiltinModel, List<float[]>> TRAIN_EMBEDDINGS = new ConcurrentHashMap<>();
    private static final Map<String, List<float[]>> TEST_EMBEDDINGS = new ConcurrentHashMap<>();

    private ExportFixtures() {}

    /** A classifier trained on masks/train (embeddings computed once per backbone and JVM). */
    static Classifier trained(BuiltinModel model, ClassifierOptions options) {
        FeatureExtractor fe = SharedData.extractor(model);
        List<LabelledImage> train = SharedData.masksTrain();
        List<float[]> vectors = TRAIN_EMBEDDINGS.computeIfAbsent(model,
                m -> fe.embed(train.stream().map(LabelledImage::image).toList()).valuesOrThrow());
        Classifier c = fe.classification(options);
        for (int i = 0; i < train.size(); i++) {
            c.addEmbedding(vectors.get(i), train.get(i).label());
        }
        c.train(TrainingOptions.builder().seed(7).build());
        return c;
    }

    /** A {@code neural_network}, {@code linear} or {@code knn} (k = 3) classifier trained on masks/train. */
    static Classifier trained(BuiltinModel model, String head) {
        return trained(model, switch (head) {
            case "knn" -> ClassifierOptions.knn(3);
            case "linear" -> ClassifierOptions.linear();
            default -> ClassifierOptions.neuralNetwork();
        });
    }

    static List<float[]> trainEmbeddings(BuiltinModel model) {
        trained(model, ClassifierOptions.knn(3));
        return TRAIN_EMBEDDINGS.get(model);
    }

    /** masks/test, each image cropped and resized to the model's input: uint8 RGB, height x width x 3. */
    static List<byte[]> resizedTestImages(Preprocessing p) {
        return SharedData.masksTest().stream().map(i -> TensorWriter.resizedRgb(i.image(), p)).toList();
    }

    /**
     * {@code Classifier.classify} of the resized images, through embeddings computed once per backbone (the
     * same as classifying the images: classify embeds, then applies the head).
     */
    static List<Classification> classifyResized(Classifier c, List<byte[]> images) {
        Embedder fe = c.extractor();
        Preprocessing p = fe.preprocessing();
        List<float[]> vectors = TEST_EMBEDDINGS.computeIfAbsent(fe.info().sha256() + " " + p,
                key -> fe.embed(images.stream().map(i -> asImage(i, p)).toList()).valuesOrThrow());
        return vectors.stream().map(c::classifyEmbedding).toList();
    }

    /** The same pixels as an image mask4j reads back unchanged (it is already at the model's size). */
    static ImageInput asImage(byte[] rgb, Preprocessing p) {
        BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                int i = 3 * (y * p.width() + x);
                img.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF);
            }
        }
        return ImageInput.of(img);
    }

    /** How an exported classifier's probabilities compare with {@code Classifier.classify} on masks/test. */
    record Parity(double maxDiff, int sameLabel, int images) {}

    static Parity parity(Classifier c, Path file) throws OrtException {
        Preprocessing p = c.extractor().preprocessing();
        List<byte[]> images = resizedTestImages(p);
        List<float[]> onnx = runOrt(file, images, p, ExportedModel.PROBABILITIES);
        List<Classification> java = classifyResized(c, images);
        double maxDiff = 0;
        int sameLabel = 0;
        for (int i = 0; i < images.size(); i++) {
            float[] probs = onnx.get(i);
            if (probs.length != c.labels().size()) {
                throw new AssertionError("probabilities has " + probs.length + " values for " + c.labels());
            }
            for (int j = 0; j < probs.length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(probs[j] - java.get(i).confidenceOf(c.labels().get(j))));
            }
            if (c.labels().get(argmax(probs)).equals(java.get(i).label())) {
                sameLabel++;
            }
        }
        return new Parity(maxDiff, sameLabel, images.size());
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Runs {@code output} of an exported file in ORT Java with every graph optimisation on, 16 images a call. */
    static List<float[]> runOrt(Path file, List<byte[]> images, Preprocessing p, String output) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                List<float[]> out = new ArrayList<>();
                int per = p.height() * p.width() * 3;
                for (int start = 0; start < images.size(); start += 16) {
                    int n = Math.min(16, images.size() - start);
                    ByteBuffer batch = ByteBuffer.allocate(n * per);
                    images.subList(start, start + n).forEach(batch::put);
                    batch.flip();
                    try (OnnxTensor x = OnnxTensor.createTensor(env, batch,
                            new long[] {n, p.height(), p.width(), 3}, OnnxJavaType.UINT8);
                            OrtSession.Result r = session.run(Map.of(ExportedModel.INPUT, x))) {
                        float[][] rows = (float[][]) r.get(output).orElseThrow().getValue();
                        out.addAll(List.of(rows));
                    }
                }
                return out;
            }
        }
    }
}
