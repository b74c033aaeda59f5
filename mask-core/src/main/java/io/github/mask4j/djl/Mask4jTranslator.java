package io.github.mask4j.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.SavedModelMismatchException;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@code Translator} for classifiers exported by mask4j: crops and resizes the image exactly as mask4j
 * does, feeds it as the {@code image} tensor, and returns the {@code probabilities} as DJL
 * {@link Classifications} with the labels stored in the file.
 *
 * <pre>{@code
 * Criteria<Image, Classifications> criteria = Criteria.builder()
 *         .setTypes(Image.class, Classifications.class)
 *         .optModelPath(Path.of("masks.onnx"))
 *         .optEngine("OnnxRuntime")
 *         .optTranslator(Mask4jTranslator.forFile(Path.of("masks.onnx")))
 *         .build();
 * try (ZooModel<Image, Classifications> model = criteria.loadModel();
 *         Predictor<Image, Classifications> predictor = model.newPredictor()) {
 *     Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(Path.of("face.jpg")));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: one translator may serve many predictors.
 */
public final class Mask4jTranslator implements NoBatchifyTranslator<Image, Classifications> {
    private final List<String> labels;
    private final ExportedModel model;

    private Mask4jTranslator(ExportedModel model) {
        if (!ExportedModel.PROBABILITIES.equals(model.output())) {
            throw new SavedModelMismatchException(model.file() + " holds a " + model.task() + " model; "
                    + "Mask4jTranslator translates classifiers only");
        }
        this.model = model;
        this.labels = model.labels();
    }

    /** A translator for the exported classifier described by {@code model}. */
    public static Mask4jTranslator of(ExportedModel model) {
        return new Mask4jTranslator(model);
    }

    /**
     * A translator for the exported classifier in {@code file}, with the labels and input size from its metadata.
     *
     * @throws SavedModelException when the file is not a classifier exported by mask4j
     */
    public static Mask4jTranslator forFile(Path file) {
        return of(ExportedModel.read(file));
    }

    public List<String> labels() {
        return labels;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Preprocessing p = model.preprocessing();
        byte[] rgb = model.inputPixels(toImageInput(input));
        NDArray image = ctx.getNDManager().create(ByteBuffer.wrap(rgb), new Shape(1, p.height(), p.width(), 3),
                DataType.UINT8);
        image.setName(ExportedModel.INPUT);
        return new NDList(image);
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.get(ExportedModel.PROBABILITIES);
        float[] p = (probabilities != null ? probabilities : list.get(0)).toFloatArray();
        List<Double> values = new ArrayList<>(p.length);
        for (float v : p) {
            values.add((double) v);
        }
        return new Classifications(labels, values);
    }

    /** DJL images wrap a BufferedImage on the desktop JVM; anything else goes through PNG. */
    private static ImageInput toImageInput(Image image) {
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return ImageInput.of(buffered);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            image.save(png, "png");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the DJL image: " + e.getMessage(), e);
        }
        return ImageInput.of(png.toByteArray(), "DJL image " + image.getWidth() + "x" + image.getHeight());
    }
}
