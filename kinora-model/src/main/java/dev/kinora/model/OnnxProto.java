package dev.kinora.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX models read and written as plain protobuf fields (numbers from onnx.proto), so the graph
 * rewrites need no generated ONNX classes; fields a rewrite does not touch are carried over as they are.
 */
final class OnnxProto {

    static final int MODEL_GRAPH = 7;
    static final int GRAPH_NODE = 1;
    static final int GRAPH_INITIALIZER = 5;
    static final int GRAPH_VALUE_INFO = 13;
    static final int NODE_INPUT = 1;
    static final int NODE_OUTPUT = 2;
    static final int NODE_NAME = 3;
    static final int NODE_OP_TYPE = 4;
    static final int NODE_ATTRIBUTE = 5;
    static final int TENSOR_DIMS = 1;
    static final int TENSOR_DATA_TYPE = 2;
    static final int TENSOR_FLOAT_DATA = 4;
    static final int TENSOR_NAME = 8;
    static final int TENSOR_RAW_DATA = 9;
    static final int TENSOR_DATA_LOCATION = 14;
    static final int ATTRIBUTE_NAME = 1;
    static final int ATTRIBUTE_INT = 3;
    static final int ATTRIBUTE_TYPE = 20;
    static final int ATTRIBUTE_TYPE_INT = 2;
    static final int FLOAT = 1;
    static final int INT8 = 3;
    static final int FLOAT16 = 10;

    private OnnxProto() {}

    /** A graph's initializers by name (in file order) and its nodes (topologically sorted, as ONNX requires). */
    record ParsedGraph(UnknownFieldSet message, Map<String, UnknownFieldSet> initializers, List<UnknownFieldSet> nodes) {}

    static ParsedGraph parse(UnknownFieldSet graph) throws InvalidProtocolBufferException {
        Map<String, UnknownFieldSet> initializers = new LinkedHashMap<>();
        for (ByteString t : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            UnknownFieldSet tensor = UnknownFieldSet.parseFrom(t);
            initializers.put(string(tensor, TENSOR_NAME), tensor);
        }
        List<UnknownFieldSet> nodes = new ArrayList<>();
        for (ByteString n : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            nodes.add(UnknownFieldSet.parseFrom(n));
        }
        return new ParsedGraph(graph, initializers, nodes);
    }

    /** The model's graph message. */
    static UnknownFieldSet graph(UnknownFieldSet model) throws InvalidProtocolBufferException {
        return UnknownFieldSet.parseFrom(single(model, MODEL_GRAPH));
    }

    static UnknownFieldSet parseModel(byte[] onnxModel) {
        try {
            return UnknownFieldSet.parseFrom(onnxModel);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** The model with its graph replaced. */
    static byte[] withGraph(UnknownFieldSet model, UnknownFieldSet graph) {
        return UnknownFieldSet.newBuilder(model)
                .clearField(MODEL_GRAPH)
                .addField(MODEL_GRAPH, Field.newBuilder().addLengthDelimited(graph.toByteString()).build())
                .build().toByteArray();
    }

    /**
     * The graph with new nodes and initializers; recorded intermediate types (value_info) are dropped,
     * since a rewrite changes some of them, and the runtime infers them again.
     */
    static UnknownFieldSet rebuilt(UnknownFieldSet graph, List<ByteString> nodes, Map<String, UnknownFieldSet> initializers) {
        Field.Builder inits = Field.newBuilder();
        initializers.values().forEach(t -> inits.addLengthDelimited(t.toByteString()));
        Field.Builder nodeField = Field.newBuilder();
        nodes.forEach(nodeField::addLengthDelimited);
        return UnknownFieldSet.newBuilder(graph)
                .clearField(GRAPH_NODE).addField(GRAPH_NODE, nodeField.build())
                .clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, inits.build())
                .clearField(GRAPH_VALUE_INFO)
                .build();
    }

    static boolean isInlineFloat(UnknownFieldSet tensor) {
        List<Long> type = tensor.getField(TENSOR_DATA_TYPE).getVarintList();
        List<Long> location = tensor.getField(TENSOR_DATA_LOCATION).getVarintList();
        boolean external = !location.isEmpty() && location.get(location.size() - 1) != 0;
        return !type.isEmpty() && type.get(type.size() - 1) == FLOAT && !external;
    }

    /** A tensor's dimensions, packed or not. */
    static long[] dims(UnknownFieldSet tensor) {
        Field field = tensor.getField(TENSOR_DIMS);
        List<Long> dims = new ArrayList<>(field.getVarintList());
        try {
            for (ByteString packed : field.getLengthDelimitedList()) {
                CodedInputStream in = packed.newCodedInput();
                while (!in.isAtEnd()) {
                    dims.add(in.readInt64());
                }
            }
        } catch (IOException e) {
            throw new BundleException("unreadable tensor dims: " + e.getMessage(), e);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** A float tensor's values from raw_data, or from float_data (packed or not), little-endian. */
    static float[] floats(UnknownFieldSet tensor) {
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

    /** The same tensor with another element type and raw data. */
    static UnknownFieldSet retyped(UnknownFieldSet tensor, int dataType, byte[] raw) {
        return UnknownFieldSet.newBuilder(tensor)
                .clearField(TENSOR_DATA_TYPE).addField(TENSOR_DATA_TYPE, Field.newBuilder().addVarint(dataType).build())
                .clearField(TENSOR_FLOAT_DATA)
                .clearField(TENSOR_RAW_DATA)
                .addField(TENSOR_RAW_DATA, Field.newBuilder().addLengthDelimited(ByteString.copyFrom(raw)).build())
                .build();
    }

    /** A new initializer. */
    static UnknownFieldSet tensor(String name, int dataType, long[] dims, byte[] raw) {
        Field.Builder d = Field.newBuilder();
        for (long dim : dims) {
            d.addVarint(dim);
        }
        return UnknownFieldSet.newBuilder()
                .addField(TENSOR_DIMS, d.build())
                .addField(TENSOR_DATA_TYPE, Field.newBuilder().addVarint(dataType).build())
                .addField(TENSOR_NAME, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(name)).build())
                .addField(TENSOR_RAW_DATA, Field.newBuilder().addLengthDelimited(ByteString.copyFrom(raw)).build())
                .build();
    }

    /** A node without attributes; an empty input name stands for an omitted optional input. */
    static ByteString node(String op, String name, List<String> inputs, List<String> outputs) {
        return nodeBuilder(op, name, inputs, outputs).build().toByteString();
    }

    static ByteString cast(String from, String to, int type) {
        UnknownFieldSet attribute = UnknownFieldSet.newBuilder()
                .addField(ATTRIBUTE_NAME, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("to")).build())
                .addField(ATTRIBUTE_INT, Field.newBuilder().addVarint(type).build())
                .addField(ATTRIBUTE_TYPE, Field.newBuilder().addVarint(ATTRIBUTE_TYPE_INT).build())
                .build();
        return nodeBuilder("Cast", to + "__cast", List.of(from), List.of(to))
                .addField(NODE_ATTRIBUTE, Field.newBuilder().addLengthDelimited(attribute.toByteString()).build())
                .build().toByteString();
    }

    private static UnknownFieldSet.Builder nodeBuilder(String op, String name, List<String> inputs, List<String> outputs) {
        Field.Builder in = Field.newBuilder();
        inputs.forEach(i -> in.addLengthDelimited(ByteString.copyFromUtf8(i)));
        Field.Builder out = Field.newBuilder();
        outputs.forEach(o -> out.addLengthDelimited(ByteString.copyFromUtf8(o)));
        return UnknownFieldSet.newBuilder()
                .addField(NODE_INPUT, in.build())
                .addField(NODE_OUTPUT, out.build())
                .addField(NODE_NAME, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(name)).build())
                .addField(NODE_OP_TYPE, Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(op)).build());
    }

    static List<String> strings(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
    }

    static ByteString single(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        if (values.isEmpty()) {
            throw new BundleException("ONNX model has no field " + field);
        }
        return values.get(values.size() - 1);
    }

    static String string(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(values.size() - 1).toStringUtf8();
    }
}
