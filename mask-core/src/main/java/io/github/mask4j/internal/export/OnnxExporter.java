package io.github.mask4j.internal.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.mask4j.Mask4j;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.internal.nn.Knn;
import io.github.mask4j.internal.nn.LinearHead;
import io.github.mask4j.internal.nn.Mlp;
import io.github.mask4j.internal.onnx.FeatureLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one self-contained ONNX model from a backbone file and a trained head: {@code image} (uint8 NHWC RGB)
 * → cast, layout and normalisation → the backbone's nodes up to the feature tensor (every backbone name
 * prefixed with {@code backbone/}, so nothing collides with ours; the backbone's own classifier is pruned) →
 * {@code features} → the head → {@code probabilities} or {@code prediction}.
 *
 * <p>The graph keeps the backbone's opset and IR version, and uses only operators whose meaning is the same from
 * opset 11 on. Stateless and thread-safe.
 */
public final class OnnxExporter {
    /** The backbone's names get this prefix inside the exported graph. */
    static final String BACKBONE = "backbone/";
    private static final String OURS = "mask4j/";
    private static final int MIN_OPSET = 11;

    private OnnxExporter() {}

    /** The head to put on the features. */
    public sealed interface Head permits Dense, Linear, Nearest {}

    /**
     * A two-layer perceptron; with {@code softmax} its output is {@code probabilities}, without it the single
     * output times {@code targetStd} plus {@code targetMean} is {@code prediction}.
     */
    public record Dense(Mlp network, boolean softmax, float targetMean, float targetStd) implements Head {}

    /** A linear softmax head over standardised features. */
    public record Linear(LinearHead head) implements Head {}

    /** k-nearest neighbours by cosine similarity with a vote of the {@code k} most similar examples. */
    public record Nearest(Knn knn) implements Head {}

    /**
     * The exported model's bytes.
     *
     * @param backboneBytes the ONNX file the extractor loaded
     * @param location where its features are
     * @param preprocessing the extractor's input size and normalisation
     * @param head the trained head
     * @param metadata entries for the model's {@code metadata_props}
     */
    public static byte[] export(byte[] backboneBytes, FeatureLocation location, Preprocessing preprocessing,
            Head head, Map<String, String> metadata) {
        ModelProto backbone;
        try {
            backbone = ModelProto.parseFrom(backboneBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelUnavailableException("the backbone is not a readable ONNX model: " + e.getMessage(), e);
        }
        long opset = backbone.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(0);
        if (opset < MIN_OPSET) {
            throw new ModelUnavailableException("the backbone uses ONNX opset " + opset + "; export needs opset "
                    + MIN_OPSET + " or newer (convert the model with onnx.version_converter first)");
        }
        GraphProto source = backbone.getGraph();
        if (source.getSparseInitializerCount() > 0) {
            throw new ModelUnavailableException("the backbone has sparse initializers, which export does not "
                    + "support; store them densely");
        }
        Set<String> initializerNames = new HashSet<>();
        source.getInitializerList().forEach(t -> initializerNames.add(t.getName()));
        List<String> dataInputs = source.getInputList().stream().map(ValueInfoProto::getName)
                .filter(n -> !initializerNames.contains(n)).toList();
        if (dataInputs.size() != 1) {
            throw new ModelUnavailableException("the backbone must have exactly one image input, found " + dataInputs);
        }

        Builder g = new Builder();
        g.graph.setName("mask4j");
        String image = "image";
        g.graph.addInput(valueInfo(image, TensorProto.DataType.UINT8,
                List.of(-1L, (long) preprocessing.height(), (long) preprocessing.width(), 3L)));
        preprocess(g, image, BACKBONE + dataInputs.get(0), preprocessing);
        String features = backboneUpTo(g, source, BACKBONE + location.featureTensor());
        features = dequantise(g, features, location);
        g.node("Flatten", List.of(features), "features", Map.of("axis", 1L));
        String output;
        int outputs;
        int featureDim;
        if (head instanceof Dense d) {
            output = d.softmax() ? "probabilities" : "prediction";
            outputs = d.network().outputs();
            featureDim = d.network().inputs();
            dense(g, "features", d, output);
        } else if (head instanceof Linear l) {
            output = "probabilities";
            outputs = l.head().outputs();
            featureDim = l.head().inputs();
            linear(g, "features", l.head(), output);
        } else {
            Knn knn = ((Nearest) head).knn();
            output = "probabilities";
            outputs = knn.classCount();
            featureDim = knn.dimension();
            nearest(g, "features", knn, output);
        }
        g.graph.addOutput(valueInfo(output, TensorProto.DataType.FLOAT, List.of(-1L, (long) outputs)));
        g.graph.addOutput(valueInfo("features", TensorProto.DataType.FLOAT, List.of(-1L, (long) featureDim)));

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(backbone.getIrVersion())
                .addAllOpsetImport(backbone.getOpsetImportList())
                .addAllFunctions(backbone.getFunctionsList())
                .setProducerName("mask4j")
                .setProducerVersion(Mask4j.version())
                .setDocString("mask4j export: input 'image' uint8 [N, " + preprocessing.height() + ", "
                        + preprocessing.width() + ", 3] RGB, already resized; outputs '" + output
                        + "' and 'features'. See the metadata for labels and preprocessing.")
                .setGraph(g.graph);
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** uint8 NHWC → float NCHW, {@code x * (1 / (255 std)) - mean / std}, as the JVM preprocessing writes it. */
    private static void preprocess(Builder g, String image, String backboneInput, Preprocessing p) {
        float[][] affine = TensorWriter.normalisation(p);
        float[] scale = affine[0];
        float[] bias = affine[1];
        g.node("Cast", List.of(image), OURS + "image_float", Map.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        g.node("Transpose", List.of(OURS + "image_float"), OURS + "image_nchw", Map.of("perm", new long[] {0, 3, 1, 2}));
        g.node("Mul", List.of(OURS + "image_nchw", g.floats("pixel_scale", scale, 1, 3, 1, 1)), OURS + "scaled",
                Map.of());
        boolean bgr = p.channelOrder() == ChannelOrder.BGR;
        String normalised = bgr ? OURS + "normalised_rgb" : backboneInput;
        g.node("Add", List.of(OURS + "scaled", g.floats("pixel_bias", bias, 1, 3, 1, 1)), normalised, Map.of());
        if (bgr) {
            g.node("Gather", List.of(normalised, g.longs("bgr_planes", new long[] {2, 1, 0}, 3)), backboneInput,
                    Map.of("axis", 1L));
        }
    }

    /**
     * Copies, renamed, the backbone nodes {@code target} depends on and the initializers they read; returns the
     * renamed target.
     */
    private static String backboneUpTo(Builder g, GraphProto source, String target) {
        List<NodeProto> renamed = new ArrayList<>();
        Map<String, Integer> producer = new HashMap<>();
        for (NodeProto n : source.getNodeList()) {
            NodeProto r = renameNode(n);
            for (String o : r.getOutputList()) {
                producer.put(o, renamed.size());
            }
            renamed.add(r);
        }
        Set<String> needed = new HashSet<>();
        boolean[] keep = new boolean[renamed.size()];
        Deque<String> work = new ArrayDeque<>(List.of(target));
        while (!work.isEmpty()) {
            String t = work.pop();
            if (!needed.add(t)) {
                continue;
            }
            Integer p = producer.get(t);
            if (p != null && !keep[p]) {
                keep[p] = true;
                work.addAll(referenced(renamed.get(p)));
            }
        }
        if (producer.get(target) == null) {
            throw new ModelUnavailableException("no node of the backbone produces its feature tensor "
                    + target.substring(BACKBONE.length()));
        }
        for (int i = 0; i < renamed.size(); i++) {
            if (keep[i]) {
                g.graph.addNode(renamed.get(i));
            }
        }
        for (TensorProto t : source.getInitializerList()) {
            String name = BACKBONE + t.getName();
            if (needed.contains(name)) {
                g.graph.addInitializer(t.toBuilder().setName(name));
            }
        }
        return target;
    }

    /** Inputs of a node and, for control-flow nodes, every name their subgraphs read. */
    private static List<String> referenced(NodeProto n) {
        List<String> names = new ArrayList<>(n.getInputList());
        for (AttributeProto a : n.getAttributeList()) {
            List<GraphProto> subgraphs = new ArrayList<>(a.getGraphsList());
            if (a.hasG()) {
                subgraphs.add(a.getG());
            }
            for (GraphProto sub : subgraphs) {
                sub.getNodeList().forEach(inner -> names.addAll(referenced(inner)));
            }
        }
        names.removeIf(String::isEmpty);
        return names;
    }

    private static NodeProto renameNode(NodeProto n) {
        NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
        n.getInputList().forEach(i -> b.addInput(rename(i)));
        n.getOutputList().forEach(o -> b.addOutput(rename(o)));
        if (!n.getName().isEmpty()) {
            b.setName(BACKBONE + n.getName());
        }
        for (int i = 0; i < n.getAttributeCount(); i++) {
            AttributeProto a = n.getAttribute(i);
            if (a.hasG() || a.getGraphsCount() > 0) {
                AttributeProto.Builder ab = a.toBuilder();
                if (a.hasG()) {
                    ab.setG(renameGraph(a.getG()));
                }
                for (int j = 0; j < a.getGraphsCount(); j++) {
                    ab.setGraphs(j, renameGraph(a.getGraphs(j)));
                }
                b.setAttribute(i, ab);
            }
        }
        return b.build();
    }

    /** A subgraph renamed the same way, so the outer names it reads still match. */
    private static GraphProto renameGraph(GraphProto graph) {
        GraphProto.Builder b = graph.toBuilder().clearNode().clearInitializer().clearInput().clearOutput()
                .clearValueInfo();
        graph.getNodeList().forEach(n -> b.addNode(renameNode(n)));
        graph.getInitializerList().forEach(t -> b.addInitializer(t.toBuilder().setName(rename(t.getName()))));
        graph.getInputList().forEach(v -> b.addInput(v.toBuilder().setName(rename(v.getName()))));
        graph.getOutputList().forEach(v -> b.addOutput(v.toBuilder().setName(rename(v.getName()))));
        return b.build();
    }

    private static String rename(String name) {
        return name.isEmpty() ? name : BACKBONE + name; // "" marks an omitted optional input
    }

    /** {@code (q - zeroPoint) * scale} for features stored quantised, as the JVM path computes them. */
    private static String dequantise(Builder g, String features, FeatureLocation location) {
        if (!location.quantized()) {
            return features;
        }
        g.node("Cast", List.of(features), OURS + "features_q_float",
                Map.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        g.node("Sub", List.of(OURS + "features_q_float",
                g.floats("features_zero_point", new float[] {location.zeroPoint()})), OURS + "features_centred",
                Map.of());
        g.node("Mul", List.of(OURS + "features_centred", g.floats("features_scale", new float[] {location.scale()})),
                OURS + "features_float", Map.of());
        return OURS + "features_float";
    }

    /** Standardise, dense + ReLU, dense, then softmax or the target's scale and offset. */
    private static void dense(Builder g, String features, Dense d, String output) {
        Mlp net = d.network();
        float[][] t = net.tensors(); // mean, inverse std, W1, b1, W2, b2
        int in = net.inputs();
        int hidden = net.hidden();
        int out = net.outputs();
        standardise(g, features, t[0], t[1], in);
        g.node("MatMul", List.of(OURS + "standardised", g.floats("dense1_kernel", t[2], in, hidden)),
                OURS + "dense1_matmul", Map.of());
        g.node("Add", List.of(OURS + "dense1_matmul", g.floats("dense1_bias", t[3], 1, hidden)), OURS + "dense1",
                Map.of());
        g.node("Relu", List.of(OURS + "dense1"), OURS + "hidden", Map.of());
        g.node("MatMul", List.of(OURS + "hidden", g.floats("dense2_kernel", t[4], hidden, out)),
                OURS + "dense2_matmul", Map.of());
        String logits = d.softmax() ? OURS + "logits" : OURS + "standardised_prediction";
        g.node("Add", List.of(OURS + "dense2_matmul", g.floats("dense2_bias", t[5], 1, out)), logits, Map.of());
        if (d.softmax()) {
            g.node("Softmax", List.of(logits), output, Map.of("axis", 1L));
        } else {
            g.node("Mul", List.of(logits, g.floats("target_std", new float[] {d.targetStd()})),
                    OURS + "scaled_prediction", Map.of());
            g.node("Add", List.of(OURS + "scaled_prediction", g.floats("target_mean", new float[] {d.targetMean()})),
                    output, Map.of());
        }
    }

    /** {@code (features - mean) * invStd} into {@code standardised}, as both trained heads do first. */
    private static void standardise(Builder g, String features, float[] mean, float[] invStd, int in) {
        g.node("Sub", List.of(features, g.floats("input_mean", mean, 1, in)), OURS + "centred", Map.of());
        g.node("Mul", List.of(OURS + "centred", g.floats("input_inv_std", invStd, 1, in)), OURS + "standardised",
                Map.of());
    }

    /** Standardise, one dense layer, softmax (the tensors keep their saved names). */
    private static void linear(Builder g, String features, LinearHead head, String output) {
        float[][] t = head.tensors(); // mean, inverse std, W, b
        int in = head.inputs();
        int out = head.outputs();
        standardise(g, features, t[0], t[1], in);
        g.node("MatMul", List.of(OURS + "standardised", g.floats("kernel", t[2], in, out)), OURS + "matmul",
                Map.of());
        g.node("Add", List.of(OURS + "matmul", g.floats("bias", t[3], 1, out)), OURS + "logits", Map.of());
        g.node("Softmax", List.of(OURS + "logits"), output, Map.of("axis", 1L));
    }

    /**
     * Cosine similarity as one matrix product with the stored unit-length examples (the query's own length does
     * not change the ranking), TopK, and the share of each class among the k most similar.
     */
    private static void nearest(Builder g, String features, Knn knn, String output) {
        float[][] unit = knn.unitExamples();
        int examples = unit.length;
        int dim = knn.dimension();
        int classes = knn.classCount();
        int k = knn.effectiveK();
        float[] transposed = new float[dim * examples];
        for (int e = 0; e < examples; e++) {
            for (int i = 0; i < dim; i++) {
                transposed[i * examples + e] = unit[e][i];
            }
        }
        float[] oneHot = new float[examples * classes];
        int[] cls = knn.exampleClasses();
        for (int e = 0; e < examples; e++) {
            oneHot[e * classes + cls[e]] = 1f;
        }
        float[] ones = new float[k];
        Arrays.fill(ones, 1f);
        g.node("MatMul", List.of(features, g.floats("examples_unit_t", transposed, dim, examples)),
                OURS + "similarity", Map.of());
        NodeProto.Builder topK = NodeProto.newBuilder().setOpType("TopK").setName(OURS + "TopK")
                .addInput(OURS + "similarity").addInput(g.longs("k", new long[] {k}, 1))
                .addOutput(OURS + "nearest_similarity").addOutput(OURS + "nearest")
                .addAttribute(attribute("axis", 1L)).addAttribute(attribute("largest", 1L))
                .addAttribute(attribute("sorted", 1L));
        g.graph.addNode(topK);
        g.node("Gather", List.of(g.floats("example_classes", oneHot, examples, classes), OURS + "nearest"),
                OURS + "nearest_classes", Map.of("axis", 0L));
        g.node("MatMul", List.of(g.floats("vote", ones, 1, k), OURS + "nearest_classes"), OURS + "votes_3d",
                Map.of());
        g.node("Flatten", List.of(OURS + "votes_3d"), OURS + "votes", Map.of("axis", 1L));
        g.node("Mul", List.of(OURS + "votes", g.floats("vote_share", new float[] {1f / k})), output, Map.of());
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, List<Long> dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + value);
        }
        return a.build();
    }

    /** The graph being written, with helpers that name our nodes and constants. */
    private static final class Builder {
        final GraphProto.Builder graph = GraphProto.newBuilder();
        private int nodes;

        void node(String op, List<String> inputs, String output, Map<String, Object> attributes) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(OURS + op + "_" + nodes++)
                    .addAllInput(inputs).addOutput(output);
            attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
            graph.addNode(n);
        }

        String floats(String name, float[] values, long... dims) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(values);
            return constant(name, TensorProto.DataType.FLOAT, raw.array(), dims);
        }

        String longs(String name, long[] values, long... dims) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            raw.asLongBuffer().put(values);
            return constant(name, TensorProto.DataType.INT64, raw.array(), dims);
        }

        private String constant(String name, TensorProto.DataType type, byte[] raw, long... dims) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(OURS + name).setDataType(type.getNumber())
                    .setRawData(ByteString.copyFrom(raw));
            for (long d : dims) {
                t.addDims(d);
            }
            graph.addInitializer(t);
            return OURS + name;
        }
    }
}
