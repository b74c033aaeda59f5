package io.github.mask4j.internal.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The structure of an ONNX model (nodes, graph inputs and outputs, initializer names) read straight from its
 * protobuf bytes, and the two edits mask4j needs: expose an inner tensor as an extra output, and drop an output.
 * Immutable after parsing and thread-safe.
 */
public final class OnnxGraph {
    // ModelProto.graph = 7; GraphProto: node = 1, initializer = 5, input = 11, output = 12.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto: input = 1, output = 2, name = 3, op_type = 4. ValueInfoProto.name = 1. TensorProto.name = 8.
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_INT32_DATA = 5;
    private static final int TENSOR_RAW_DATA = 9;

    /** One node: operator type, inputs and outputs. */
    public record Node(String opType, List<String> inputs, List<String> outputs) {}

    /** A pooled feature tensor found inside a graph, and how to turn its values into floats. */
    public record FeatureTensor(String name, String foundBy, float scale, int zeroPoint, boolean quantized) {}

    private final byte[] bytes;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Protobuf.Field> initializers = new HashMap<>();
    private final Map<String, Node> producers = new HashMap<>();

    private OnnxGraph(byte[] bytes) {
        this.bytes = bytes;
        Protobuf.Field graph = Protobuf.fields(bytes, 0, bytes.length).stream()
                .filter(f -> f.number() == MODEL_GRAPH && f.wireType() == Protobuf.LENGTH)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no graph in ONNX model (not an ONNX file?)"));
        for (Protobuf.Field f : Protobuf.fields(bytes, graph.start(), graph.end())) {
            if (f.wireType() != Protobuf.LENGTH) {
                continue;
            }
            switch (f.number()) {
                case GRAPH_NODE -> {
                    Node n = node(f);
                    nodes.add(n);
                    n.outputs().forEach(o -> producers.put(o, n));
                }
                case GRAPH_INITIALIZER -> initializers.put(tensorName(f), f);
                case GRAPH_INPUT -> inputs.add(valueInfoName(f));
                case GRAPH_OUTPUT -> outputs.add(valueInfoName(f));
                default -> {
                    // names, docs, value_info: not needed
                }
            }
        }
    }

    public static OnnxGraph parse(byte[] modelBytes) {
        return new OnnxGraph(modelBytes);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Graph inputs that are real inputs (old exports also list every weight as an input). */
    public List<String> dataInputs() {
        return inputs.stream().filter(i -> !initializers.containsKey(i)).toList();
    }

    public List<String> outputs() {
        return List.copyOf(outputs);
    }

    /**
     * Finds the pooled penultimate tensor: walks back from the classifier output through shape-only ops and
     * the final bias add to the last Gemm, MatMul or 1x1 Conv, and takes its data input, looking through
     * Flatten/Reshape/Squeeze to a global pooling node.
     */
    public Optional<FeatureTensor> findPooledFeatures(String logitsOutput) {
        Node layer = walkBack(logitsOutput, Set.of("Softmax", "Flatten", "Reshape", "Squeeze", "Identity", "Add",
                "DequantizeLinear", "QLinearAdd"), Set.of("Gemm", "MatMul", "Conv", "QLinearMatMul", "QLinearConv"));
        if (layer == null) {
            return Optional.empty();
        }
        String data = layer.inputs().get(0);
        if (initializers.containsKey(data) && layer.inputs().size() > 1) {
            data = layer.inputs().get(1); // MatMul(W, x) form
        }
        // The pooled tensor must come from a global pool, perhaps flattened on the way.
        String cursor = data;
        for (int guard = 0; guard < 8; guard++) {
            Node p = producers.get(cursor);
            if (p == null) {
                return Optional.empty();
            }
            if (Set.of("GlobalAveragePool", "ReduceMean", "AveragePool", "QLinearGlobalAveragePool",
                    "GlobalMaxPool").contains(p.opType())) {
                break;
            }
            if (!Set.of("Flatten", "Reshape", "Squeeze", "Identity").contains(p.opType())) {
                return Optional.empty();
            }
            cursor = p.inputs().get(0);
        }
        if (layer.opType().startsWith("QLinear")) {
            // QLinearMatMul(a, a_scale, a_zero_point, ...): a is uint8; dequantise in Java.
            float scale = scalarFloat(layer.inputs().get(1));
            int zero = (int) scalarLong(layer.inputs().get(2));
            return Optional.of(new FeatureTensor(data, layer.opType() + " input", scale, zero, true));
        }
        return Optional.of(new FeatureTensor(data, layer.opType() + " input", 1f, 0, false));
    }

    private Node walkBack(String tensor, Set<String> through, Set<String> target) {
        String cursor = tensor;
        for (int guard = 0; guard < 16; guard++) {
            Node p = producers.get(cursor);
            if (p == null) {
                return null;
            }
            if (target.contains(p.opType())) {
                return p;
            }
            if (!through.contains(p.opType())) {
                return null;
            }
            // follow the non-constant input
            String next = null;
            for (String in : p.inputs()) {
                if (!initializers.containsKey(in) && !in.isEmpty()) {
                    next = in;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            cursor = next;
        }
        return null;
    }

    /** The model bytes with {@code tensor} appended as a graph output (protobuf merges repeated fields). */
    public byte[] withExtraOutput(String tensor) {
        byte[] nameField = Protobuf.lengthDelimited(1, tensor.getBytes(StandardCharsets.UTF_8));
        byte[] graphPart = Protobuf.lengthDelimited(GRAPH_OUTPUT, nameField);
        byte[] modelPart = Protobuf.lengthDelimited(MODEL_GRAPH, graphPart);
        byte[] out = new byte[bytes.length + modelPart.length];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        System.arraycopy(modelPart, 0, out, bytes.length, modelPart.length);
        return out;
    }

    /** The model bytes without the graph output named {@code name}; everything else is kept byte for byte. */
    public byte[] withoutOutput(String name) {
        ByteArrayOutputStream model = new ByteArrayOutputStream(bytes.length);
        for (Protobuf.Field f : Protobuf.fields(bytes, 0, bytes.length)) {
            if (f.number() == MODEL_GRAPH && f.wireType() == Protobuf.LENGTH) {
                ByteArrayOutputStream graph = new ByteArrayOutputStream(f.end() - f.start());
                for (Protobuf.Field g : Protobuf.fields(bytes, f.start(), f.end())) {
                    if (g.number() == GRAPH_OUTPUT && valueInfoName(g).equals(name)) {
                        continue;
                    }
                    graph.write(bytes, g.fieldStart(), g.end() - g.fieldStart());
                }
                model.writeBytes(Protobuf.lengthDelimited(MODEL_GRAPH, graph.toByteArray()));
            } else {
                model.write(bytes, f.fieldStart(), f.end() - f.fieldStart());
            }
        }
        return model.toByteArray();
    }

    private Node node(Protobuf.Field f) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String op = "";
        for (Protobuf.Field n : Protobuf.fields(bytes, f.start(), f.end())) {
            if (n.wireType() != Protobuf.LENGTH) {
                continue;
            }
            switch (n.number()) {
                case 1 -> in.add(n.string(bytes));
                case 2 -> out.add(n.string(bytes));
                case 4 -> op = n.string(bytes);
                default -> {
                    // name, attributes, domain
                }
            }
        }
        return new Node(op, in, out);
    }

    private String valueInfoName(Protobuf.Field f) {
        for (Protobuf.Field n : Protobuf.fields(bytes, f.start(), f.end())) {
            if (n.number() == 1 && n.wireType() == Protobuf.LENGTH) {
                return n.string(bytes);
            }
        }
        return "";
    }

    private String tensorName(Protobuf.Field f) {
        for (Protobuf.Field n : Protobuf.fields(bytes, f.start(), f.end())) {
            if (n.number() == TENSOR_NAME && n.wireType() == Protobuf.LENGTH) {
                return n.string(bytes);
            }
        }
        return "";
    }

    private float scalarFloat(String initializer) {
        Protobuf.Field t = requireInitializer(initializer);
        for (Protobuf.Field n : Protobuf.fields(bytes, t.start(), t.end())) {
            if (n.number() == TENSOR_RAW_DATA && n.wireType() == Protobuf.LENGTH && n.end() - n.start() >= 4) {
                return ByteBuffer.wrap(bytes, n.start(), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            }
            if (n.number() == TENSOR_FLOAT_DATA && n.wireType() == Protobuf.FIXED32) {
                return ByteBuffer.wrap(bytes, n.start(), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            }
            if (n.number() == TENSOR_FLOAT_DATA && n.wireType() == Protobuf.LENGTH) {
                return ByteBuffer.wrap(bytes, n.start(), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            }
        }
        throw new IllegalArgumentException("initializer " + initializer + " holds no float");
    }

    private long scalarLong(String initializer) {
        Protobuf.Field t = requireInitializer(initializer);
        long dataType = 0;
        for (Protobuf.Field n : Protobuf.fields(bytes, t.start(), t.end())) {
            if (n.number() == TENSOR_DATA_TYPE && n.wireType() == Protobuf.VARINT) {
                dataType = n.varint();
            }
        }
        for (Protobuf.Field n : Protobuf.fields(bytes, t.start(), t.end())) {
            if (n.number() == TENSOR_RAW_DATA && n.wireType() == Protobuf.LENGTH && n.end() > n.start()) {
                // uint8 = 2, int8 = 3
                return dataType == 3 ? bytes[n.start()] : bytes[n.start()] & 0xFF;
            }
            if (n.number() == TENSOR_INT32_DATA && n.wireType() == Protobuf.VARINT) {
                return n.varint();
            }
            if (n.number() == TENSOR_INT32_DATA && n.wireType() == Protobuf.LENGTH) {
                int[] pos = {n.start()};
                return Protobuf.varint(bytes, pos, n.end());
            }
        }
        return 0; // an empty zero point tensor means 0
    }

    private Protobuf.Field requireInitializer(String name) {
        Protobuf.Field t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("expected a constant initializer named " + name);
        }
        return t;
    }

    /** Names of every tensor some node consumes (for tests and diagnostics). */
    public Set<String> consumedTensors() {
        Set<String> s = new HashSet<>();
        nodes.forEach(n -> s.addAll(n.inputs()));
        return s;
    }
}
