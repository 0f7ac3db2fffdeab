package dev.kinora.events.tensor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** Bounds a hostile header before we allocate for it. */
    private static final long MAX_HEADER_BYTES = 1 << 20;

    private SafeTensors() {}

    public static byte[] write(TensorFile file) {
        ObjectNode header = JSON.createObjectNode();
        if (!file.metadata().isEmpty()) {
            header.set(METADATA, JSON.valueToTree(file.metadata()));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so the data starts 8-byte aligned, as the format allows.
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + padded + (int) offset);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.writeBytes(len.array());
        out.writeBytes(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            out.write(' ');
        }
        for (Tensor t : file.tensors().values()) {
            out.writeBytes(t.data());
        }
        return out.toByteArray();
    }

    public static TensorFile read(byte[] bytes) {
        if (bytes.length < 8) {
            throw new MalformedPayloadException("payload of " + bytes.length + " bytes is too short for safetensors");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
            throw new MalformedPayloadException("safetensors header length " + headerLength + " is out of range");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MalformedPayloadException("safetensors header is not JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw new MalformedPayloadException("safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        int dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                metadata.putAll(JSON.convertValue(e.getValue(), new TypeReference<Map<String, String>>() {}));
                continue;
            }
            tensors.put(e.getKey(), readTensor(e.getKey(), e.getValue(), bytes, dataStart, dataLength));
        }
        return new TensorFile(tensors, metadata);
    }

    private static Tensor readTensor(String name, JsonNode entry, byte[] bytes, int dataStart, int dataLength) {
        try {
            DType dtype = DType.valueOf(entry.path("dtype").asText());
            JsonNode shapeNode = entry.path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            long begin = entry.path("data_offsets").path(0).asLong(-1);
            long end = entry.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength) {
                throw new MalformedPayloadException("tensor '" + name + "' has byte range [" + begin + ", " + end
                        + ") outside " + dataLength + " data bytes");
            }
            byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) begin, dataStart + (int) end);
            return new Tensor(dtype, shape, data);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("tensor '" + name + "' is malformed: " + e.getMessage());
        }
    }
}
