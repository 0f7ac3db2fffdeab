package dev.kinora.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ONNX graph so its matrix products (MatMul, Gemm, Conv, ConvTranspose) compute in
 * float16 with float16 weights, for GPUs, whose tensor cores run them several times faster.
 * Everything else stays float32: normalisation, softmax, and above all the sinusoidal timestep and
 * rotary embeddings, whose arguments (up to ~1000 rad) would lose whole radians in float16.
 * Graph inputs and outputs keep their types, so callers feed both graphs alike. The bundle keeps one
 * float32 graph; the float16 one is derived from it in memory when a service asks for it.
 *
 * <p>The graph is read as plain protobuf fields (numbers from onnx.proto), so no generated ONNX
 * classes are needed; fields this class does not touch are carried over as they are.
 */
public final class MixedPrecisionGraph {

    static final Set<String> HALF_OPS = Set.of("MatMul", "Gemm", "Conv", "ConvTranspose");

    // onnx.proto field numbers.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;

    /** The rewritten graph and how many weight tensors went to float16. */
    public record Result(byte[] graph, int halvedWeights, int halvedNodes) {}

    private MixedPrecisionGraph() {}

    public static Result convert(byte[] onnxModel) {
        try {
            UnknownFieldSet model = UnknownFieldSet.parseFrom(onnxModel);
            UnknownFieldSet graph = UnknownFieldSet.parseFrom(single(model, MODEL_GRAPH));
            Rewrite rewrite = new Rewrite(graph);
            UnknownFieldSet newGraph = rewrite.run();
            byte[] out = UnknownFieldSet.newBuilder(model)
                    .clearField(MODEL_GRAPH)
                    .addField(MODEL_GRAPH, Field.newBuilder().addLengthDelimited(newGraph.toByteString()).build())
                    .build().toByteArray();
            return new Result(out, rewrite.halvedWeights.size(), rewrite.halvedNodes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** One pass over the graph's nodes in order (they are topologically sorted, so is the result). */
    private static final class Rewrite {
        private final UnknownFieldSet graph;
        private final Map<String, UnknownFieldSet> initializers = new LinkedHashMap<>();
        private final Map<String, List<String>> consumerOps = new HashMap<>();
        private final Set<String> halvedWeights = new HashSet<>();
        private final Map<String, String> halfCasts = new HashMap<>();
        private final List<UnknownFieldSet> originalNodes = new ArrayList<>();
        private final List<ByteString> nodes = new ArrayList<>();
        private int halvedNodes;

        Rewrite(UnknownFieldSet graph) throws InvalidProtocolBufferException {
            this.graph = graph;
            for (ByteString t : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
                UnknownFieldSet tensor = UnknownFieldSet.parseFrom(t);
                initializers.put(string(tensor, TENSOR_NAME), tensor);
            }
            for (ByteString n : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
                UnknownFieldSet node = UnknownFieldSet.parseFrom(n);
                originalNodes.add(node);
                String op = string(node, NODE_OP_TYPE);
                for (ByteString in : node.getField(NODE_INPUT).getLengthDelimitedList()) {
                    consumerOps.computeIfAbsent(in.toStringUtf8(), k -> new ArrayList<>()).add(op);
                }
            }
        }

        UnknownFieldSet run() {
            for (UnknownFieldSet node : originalNodes) {
                if (!HALF_OPS.contains(string(node, NODE_OP_TYPE))) {
                    nodes.add(node.toByteString());
                    continue;
                }
                halvedNodes++;
                Field.Builder inputs = Field.newBuilder();
                for (ByteString in : node.getField(NODE_INPUT).getLengthDelimitedList()) {
                    String name = in.toStringUtf8();
                    inputs.addLengthDelimited(ByteString.copyFromUtf8(name.isEmpty() ? name : halfInput(name)));
                }
                Field.Builder outputs = Field.newBuilder();
                List<String[]> backCasts = new ArrayList<>();
                for (ByteString out : node.getField(NODE_OUTPUT).getLengthDelimitedList()) {
                    String name = out.toStringUtf8();
                    outputs.addLengthDelimited(ByteString.copyFromUtf8(name + "__fp16"));
                    backCasts.add(new String[] {name + "__fp16", name});
                }
                nodes.add(UnknownFieldSet.newBuilder(node)
                        .clearField(NODE_INPUT).addField(NODE_INPUT, inputs.build())
                        .clearField(NODE_OUTPUT).addField(NODE_OUTPUT, outputs.build())
                        .build().toByteString());
                for (String[] c : backCasts) {
                    nodes.add(cast(c[0], c[1], FLOAT));
                }
            }
            Field.Builder inits = Field.newBuilder();
            for (UnknownFieldSet t : initializers.values()) {
                inits.addLengthDelimited(t.toByteString());
            }
            Field.Builder nodeField = Field.newBuilder();
            nodes.forEach(nodeField::addLengthDelimited);
            // Recorded intermediate types are float32 ones for tensors that are now float16: drop
            // them and let the runtime infer.
            return UnknownFieldSet.newBuilder(graph)
                    .clearField(GRAPH_NODE).addField(GRAPH_NODE, nodeField.build())
                    .clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, inits.build())
                    .clearField(GRAPH_VALUE_INFO)
                    .build();
        }

        /** A float16 version of tensor {@code name}: the weight itself converted, or a Cast made once. */
        private String halfInput(String name) {
            UnknownFieldSet tensor = initializers.get(name);
            boolean onlyHalfConsumers = consumerOps.getOrDefault(name, List.of()).stream().allMatch(HALF_OPS::contains);
            if (tensor != null && onlyHalfConsumers && isConvertibleFloat(tensor)) {
                if (halvedWeights.add(name)) {
                    initializers.put(name, toFloat16(tensor));
                }
                return name;
            }
            return halfCasts.computeIfAbsent(name, n -> {
                nodes.add(cast(n, n + "__to_fp16", FLOAT16));
                return n + "__to_fp16";
            });
        }
    }

    private static boolean isConvertibleFloat(UnknownFieldSet tensor) {
        List<Long> type = tensor.getField(TENSOR_DATA_TYPE).getVarintList();
        List<Long> location = tensor.getField(TENSOR_DATA_LOCATION).getVarintList();
        boolean external = !location.isEmpty() && location.get(location.size() - 1) != 0;
        return !type.isEmpty() && type.get(type.size() - 1) == FLOAT && !external;
    }

    private static UnknownFieldSet toFloat16(UnknownFieldSet tensor) {
        float[] values = floats(tensor);
        ByteBuffer half = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            half.putShort(Float.floatToFloat16(v));
        }
        return UnknownFieldSet.newBuilder(tensor)
                .clearField(TENSOR_DATA_TYPE).addField(TENSOR_DATA_TYPE, Field.newBuilder().addVarint(FLOAT16).build())
                .clearField(TENSOR_FLOAT_DATA)
                .clearField(TENSOR_RAW_DATA)
                .addField(TENSOR_RAW_DATA, Field.newBuilder().addLengthDelimited(ByteString.copyFrom(half.array())).build())
                .build();
    }

    /** A float tensor's values from raw_data, or from float_data (packed or not), little-endian. */
    private static float[] floats(UnknownFieldSet tensor) {
        List<ByteString> raw = tensor.getField(TENSOR_RAW_DATA).getLengthDelimitedList();
        ByteString bytes;
        if (!raw.isEmpty()) {
            bytes = raw.get(raw.size() - 1);
        } else {
            Field data = tensor.getField(TENSOR_FLOAT_DATA);
            ByteBuffer loose = ByteBuffer.allocate(data.getFixed32List().size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            data.getFixed32List().forEach(loose::putInt);
            bytes = ByteString.copyFrom(loose.array());
            for (ByteString packed : data.getLengthDelimitedList()) {
                bytes = bytes.concat(packed);
            }
        }
        float[] out = new float[bytes.size() / 4];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static ByteString cast(String from, String to, int type) {
        UnknownFieldSet attribute = UnknownFieldSet.newBuilder()
                .addField(ATTRIBUTE_NAME, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("to")).build())
                .addField(ATTRIBUTE_INT, Field.newBuilder().addVarint(type).build())
                .addField(ATTRIBUTE_TYPE, Field.newBuilder().addVarint(ATTRIBUTE_TYPE_INT).build())
                .build();
        return UnknownFieldSet.newBuilder()
                .addField(NODE_INPUT, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(from)).build())
                .addField(NODE_OUTPUT, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(to)).build())
                .addField(NODE_NAME, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(to + "__cast")).build())
                .addField(NODE_OP_TYPE, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("Cast")).build())
                .addField(NODE_ATTRIBUTE, Field.newBuilder().addLengthDelimited(attribute.toByteString()).build())
                .build().toByteString();
    }

    private static ByteString single(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        if (values.isEmpty()) {
            throw new BundleException("ONNX model has no field " + field);
        }
        return values.get(values.size() - 1);
    }

    private static String string(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(values.size() - 1).toStringUtf8();
    }
}
