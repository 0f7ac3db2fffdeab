package dev.kinora.model;

import static dev.kinora.model.OnnxProto.FLOAT;
import static dev.kinora.model.OnnxProto.FLOAT16;
import static dev.kinora.model.OnnxProto.NODE_INPUT;
import static dev.kinora.model.OnnxProto.NODE_OP_TYPE;
import static dev.kinora.model.OnnxProto.NODE_OUTPUT;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 */
public final class MixedPrecisionGraph {

    static final Set<String> HALF_OPS = Set.of("MatMul", "Gemm", "Conv", "ConvTranspose");

    /** The rewritten graph and how many weight tensors went to float16. */
    public record Result(byte[] graph, int halvedWeights, int halvedNodes) {}

    private MixedPrecisionGraph() {}

    public static Result convert(byte[] onnxModel) {
        UnknownFieldSet model = OnnxProto.parseModel(onnxModel);
        try {
            Rewrite rewrite = new Rewrite(OnnxProto.graph(model));
            byte[] out = OnnxProto.withGraph(model, rewrite.run());
            return new Result(out, rewrite.halvedWeights.size(), rewrite.halvedNodes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** One pass over the graph's nodes in order (they are topologically sorted, so is the result). */
    private static final class Rewrite {
        private final UnknownFieldSet graph;
        private final Map<String, UnknownFieldSet> initializers;
        private final Map<String, List<String>> consumerOps = new HashMap<>();
        private final Set<String> halvedWeights = new HashSet<>();
        private final Map<String, String> halfCasts = new HashMap<>();
        private final List<UnknownFieldSet> originalNodes;
        private final List<ByteString> nodes = new ArrayList<>();
        private int halvedNodes;

        Rewrite(UnknownFieldSet graph) throws InvalidProtocolBufferException {
            OnnxProto.ParsedGraph parsed = OnnxProto.parse(graph);
            this.graph = graph;
            this.initializers = parsed.initializers();
            this.originalNodes = parsed.nodes();
            for (UnknownFieldSet node : originalNodes) {
                String op = OnnxProto.string(node, NODE_OP_TYPE);
                for (String in : OnnxProto.strings(node, NODE_INPUT)) {
                    consumerOps.computeIfAbsent(in, k -> new ArrayList<>()).add(op);
                }
            }
        }

        UnknownFieldSet run() {
            for (UnknownFieldSet node : originalNodes) {
                if (!HALF_OPS.contains(OnnxProto.string(node, NODE_OP_TYPE))) {
                    nodes.add(node.toByteString());
                    continue;
                }
                halvedNodes++;
                Field.Builder inputs = Field.newBuilder();
                for (String name : OnnxProto.strings(node, NODE_INPUT)) {
                    inputs.addLengthDelimited(ByteString.copyFromUtf8(name.isEmpty() ? name : halfInput(name)));
                }
                Field.Builder outputs = Field.newBuilder();
                List<String[]> backCasts = new ArrayList<>();
                for (String name : OnnxProto.strings(node, NODE_OUTPUT)) {
                    outputs.addLengthDelimited(ByteString.copyFromUtf8(name + "__fp16"));
                    backCasts.add(new String[] {name + "__fp16", name});
                }
                nodes.add(UnknownFieldSet.newBuilder(node)
                        .clearField(NODE_INPUT).addField(NODE_INPUT, inputs.build())
                        .clearField(NODE_OUTPUT).addField(NODE_OUTPUT, outputs.build())
                        .build().toByteString());
                for (String[] c : backCasts) {
                    nodes.add(OnnxProto.cast(c[0], c[1], FLOAT));
                }
            }
            return OnnxProto.rebuilt(graph, nodes, initializers);
        }

        /** A float16 version of tensor {@code name}: the weight itself converted, or a Cast made once. */
        private String halfInput(String name) {
            UnknownFieldSet tensor = initializers.get(name);
            boolean onlyHalfConsumers = consumerOps.getOrDefault(name, List.of()).stream().allMatch(HALF_OPS::contains);
            if (tensor != null && onlyHalfConsumers && OnnxProto.isInlineFloat(tensor)) {
                if (halvedWeights.add(name)) {
                    initializers.put(name, toFloat16(tensor));
                }
                return name;
            }
            return halfCasts.computeIfAbsent(name, n -> {
                nodes.add(OnnxProto.cast(n, n + "__to_fp16", FLOAT16));
                return n + "__to_fp16";
            });
        }
    }

    private static UnknownFieldSet toFloat16(UnknownFieldSet tensor) {
        float[] values = OnnxProto.floats(tensor);
        ByteBuffer half = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            half.putShort(Float.floatToFloat16(v));
        }
        return OnnxProto.retyped(tensor, FLOAT16, half.array());
    }
}
