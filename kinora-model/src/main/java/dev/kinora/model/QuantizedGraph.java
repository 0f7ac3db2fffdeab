package dev.kinora.model;

import static dev.kinora.model.OnnxProto.FLOAT;
import static dev.kinora.model.OnnxProto.INT8;
import static dev.kinora.model.OnnxProto.NODE_INPUT;
import static dev.kinora.model.OnnxProto.NODE_NAME;
import static dev.kinora.model.OnnxProto.NODE_OP_TYPE;
import static dev.kinora.model.OnnxProto.NODE_OUTPUT;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites an ONNX graph's matrix products with constant weights (MatMul x·W, W [K, N]) to 8-bit
 * integer arithmetic, for CPUs, whose integer dot-product instructions do four times the
 * multiply-adds of float32 ones: W becomes int8 with one symmetric scale per output column
 * (max |W[:, n]| / 127), and the activations are quantized per call (DynamicQuantizeLinear, uint8 with
 * their own scale and zero point). The product is {@code Cast(MatMulInteger(x_q, W_q, x_zero)) ·
 * (x_scale · W_scale)}, the pattern ONNX Runtime fuses into one DynamicQuantizeMatMul kernel.
 * Products of two activations (attention) and everything else stay float32, as do the graph's inputs
 * and outputs. Like the float16 graph, the int8 one is derived from the bundle's graph in memory.
 */
public final class QuantizedGraph {

    /** The rewritten graph, how many products went to int8 and how many weight values they hold. */
    public record Result(byte[] graph, int quantizedProducts, long quantizedWeights) {}

    private QuantizedGraph() {}

    public static Result convert(byte[] onnxModel) {
        UnknownFieldSet model = OnnxProto.parseModel(onnxModel);
        try {
            Rewrite rewrite = new Rewrite(OnnxProto.graph(model));
            UnknownFieldSet graph = rewrite.run();
            return new Result(OnnxProto.withGraph(model, graph), rewrite.products, rewrite.weights);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static final class Rewrite {
        private final UnknownFieldSet graph;
        private final Map<String, UnknownFieldSet> initializers;
        private final Map<String, Integer> consumers = new HashMap<>();
        private final Map<String, String[]> quantizedActivations = new HashMap<>();
        private final Map<String, String[]> quantizedWeights = new HashMap<>();
        private final List<UnknownFieldSet> originalNodes;
        private final List<ByteString> nodes = new ArrayList<>();
        private int products;
        private long weights;

        Rewrite(UnknownFieldSet graph) throws InvalidProtocolBufferException {
            OnnxProto.ParsedGraph parsed = OnnxProto.parse(graph);
            this.graph = graph;
            this.initializers = parsed.initializers();
            this.originalNodes = parsed.nodes();
            for (UnknownFieldSet node : originalNodes) {
                OnnxProto.strings(node, NODE_INPUT).forEach(in -> consumers.merge(in, 1, Integer::sum));
            }
        }

        UnknownFieldSet run() {
            for (UnknownFieldSet node : originalNodes) {
                List<String> in = OnnxProto.strings(node, NODE_INPUT);
                if (!OnnxProto.string(node, NODE_OP_TYPE).equals("MatMul") || !isMatrixWeight(in.get(1))) {
                    nodes.add(node.toByteString());
                    continue;
                }
                String out = OnnxProto.strings(node, NODE_OUTPUT).get(0);
                String name = OnnxProto.string(node, NODE_NAME) + "__int8";
                String[] x = quantizedActivation(in.get(0));
                String[] w = quantizedWeight(in.get(1));
                consumers.merge(in.get(1), -1, Integer::sum);      // this product reads the int8 copy now
                nodes.add(OnnxProto.node("MatMulInteger", name, List.of(x[0], w[0], x[2]), List.of(out + "__i32")));
                nodes.add(OnnxProto.cast(out + "__i32", out + "__f32", FLOAT));
                nodes.add(OnnxProto.node("Mul", name + "_scales", List.of(x[1], w[1]), List.of(out + "__scale")));
                nodes.add(OnnxProto.node("Mul", name + "_out", List.of(out + "__f32", out + "__scale"), List.of(out)));
                products++;
            }
            quantizedWeights.keySet().stream().filter(n -> consumers.getOrDefault(n, 0) == 0)
                    .forEach(initializers::remove);
            return OnnxProto.rebuilt(graph, nodes, initializers);
        }

        /** A float32 [K, N] initializer (it leaves the graph once no float reader is left). */
        private boolean isMatrixWeight(String name) {
            UnknownFieldSet t = initializers.get(name);
            return t != null && OnnxProto.isInlineFloat(t) && OnnxProto.dims(t).length == 2;
        }

        /** [x_q, x_scale, x_zero] for activation {@code x}, quantized once however many products read it. */
        private String[] quantizedActivation(String x) {
            return quantizedActivations.computeIfAbsent(x, n -> {
                String[] q = {n + "__q", n + "__scale", n + "__zero"};
                nodes.add(OnnxProto.node("DynamicQuantizeLinear", n + "__quantize", List.of(n), List.of(q)));
                return q;
            });
        }

        /** [W_q, W_scale] for weight {@code w}: int8 [K, N] and one float scale per column [N]. */
        private String[] quantizedWeight(String w) {
            return quantizedWeights.computeIfAbsent(w, n -> {
                UnknownFieldSet tensor = initializers.get(n);
                long[] dims = OnnxProto.dims(tensor);
                int k = (int) dims[0];
                int cols = (int) dims[1];
                float[] values = OnnxProto.floats(tensor);
                float[] scale = new float[cols];
                for (int i = 0; i < values.length; i++) {
                    scale[i % cols] = Math.max(scale[i % cols], Math.abs(values[i]));
                }
                ByteBuffer scales = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int c = 0; c < cols; c++) {
                    scale[c] = scale[c] > 0 ? scale[c] / 127f : 1f;
                    scales.putFloat(scale[c]);
                }
                byte[] q = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    q[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scale[i % cols])));
                }
                initializers.put(n + "__int8", OnnxProto.tensor(n + "__int8", INT8, new long[] {k, cols}, q));
                initializers.put(n + "__wscale", OnnxProto.tensor(n + "__wscale", FLOAT, new long[] {cols}, scales.array()));
                weights += values.length;
                return new String[] {n + "__int8", n + "__wscale"};
            });
        }
    }
}
