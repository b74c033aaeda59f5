package io.github.mask4j.model;

import io.github.mask4j.image.Preprocessing;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The models mask4j knows by id. Each lists the files that may provide it, best first; the first one found
 * (in the model directory or the cache) with a matching SHA-256 is used, otherwise the first downloadable one is
 * fetched into the cache.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum BuiltinModel {
    /** MobileNetV2 1.0, 224x224, ImageNet normalisation, 1280-d features (the default). */
    MOBILENET_V2("mobilenet_v2", Preprocessing.builder().size(224).imagenetNormalization().build(), 1280,
            "imagenet_synset_1000.txt", 0,
            List.of(new ModelFile("mobilenetv2-1.0-224-fp32-features.onnx",
                            "9f2fc3806b2f7c4447b6bc4b0e0f3a81eb2217b220aad75447333c49db4fbe3d", 13_966_626, null),
                    new ModelFile("mobilenetv2-12.onnx",
                            "c0c3f76d93fa3fd6580652a45618618a220fced18babf65774ed169de0432ad5", 13_964_571,
                            URI.create("https://github.com/onnx/models/raw/main/validated/vision/classification/"
                                    + "mobilenet/model/mobilenetv2-12.onnx")))),
    /** MobileNetV2 1.0 quantised to int8 by the ONNX model zoo: smaller and faster, 1280-d features. */
    MOBILENET_V2_INT8("mobilenet_v2_int8", Preprocessing.builder().size(224).imagenetNormalization().build(), 1280,
            "imagenet_synset_1000.txt", 0,
            List.of(new ModelFile("mobilenetv2-12-int8-features.onnx",
                            "43506fc66297a23edcaee64c14fec4b7adfc35692ba8f85008917b3afbce1412", 3_655_239, null),
                    new ModelFile("mobilenetv2-12-int8.onnx",
                            "cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f", 3_655_033,
                            URI.create("https://github.com/onnx/models/raw/main/validated/vision/classification/"
                                    + "mobilenet/model/mobilenetv2-12-int8.onnx")))),
    /** MobileNet v1 width 0.25 (ml5.js's width) at 128x128, inputs in [-1, 1], 256-d features; tiny and fast. */
    MOBILENET_V1_025("mobilenet_v1_025", Preprocessing.builder().size(128).minusOneToOne().build(), 256,
            "imagenet_labels_1001.txt", 1,
            List.of(new ModelFile("mobilenet_v1_0.25_128-fp32-features.onnx",
                    "7faf305ded40d19d797e8c81ba267cef13d18e2e32aed47294181148a23b6185", 1_950_653, null)));

    private final String id;
    private final Preprocessing preprocessing;
    private final int featureDimension;
    private final String labelResource;
    private final int backgroundClasses;
    private final List<ModelFile> files;

    BuiltinModel(String id, Preprocessing preprocessing, int featureDimension, String labelResource,
            int backgroundClasses, List<ModelFile> files) {
        this.id = id;
        this.preprocessing = preprocessing;
        this.featureDimension = featureDimension;
        this.labelResource = labelResource;
        this.backgroundClasses = backgroundClasses;
        this.files = files;
    }

    /** The id used in {@code FeatureExtractor.open(id)}, saved files and the command line. */
    public String id() {
        return id;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public int featureDimension() {
        return featureDimension;
    }

    /** Name of the bundled label file (ImageNet class names in output order). */
    public String labelResource() {
        return labelResource;
    }

    /**
     * How many leading outputs are not ImageNet classes (1 for TF-slim's "background"). The built-in label files
     * already name them; a spec with its own labels of the 1000 ImageNet classes uses this to line them up.
     */
    public int backgroundClasses() {
        return backgroundClasses;
    }

    public List<ModelFile> files() {
        return files;
    }

    /** Looks a model up by id ({@code mobilenet_v2}) or constant name, ignoring case. */
    public static BuiltinModel fromId(String id) {
        for (BuiltinModel m : values()) {
            if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model id '" + id + "'; built-in models: "
                + Arrays.stream(values()).map(BuiltinModel::id).toList()
                + " (or open a file with ModelSpec.builder().file(path))");
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
