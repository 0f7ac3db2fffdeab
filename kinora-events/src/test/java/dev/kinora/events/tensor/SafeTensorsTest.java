package dev.kinora.events.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    @Test
    void roundTripsEveryDtypeWithMetadata() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", Tensor.f32(new long[] {2, 3}, new float[] {1f, -2.5f, 3.25f, 0f, 1e-7f, 65504f}));
        tensors.put("i64", Tensor.i64(new long[] {3}, new long[] {Long.MIN_VALUE, 0, 42}));
        tensors.put("u8", Tensor.u8(new long[] {2, 2}, new byte[] {0, 1, (byte) 255, 7}));
        tensors.put("empty", Tensor.f32(new long[] {0, 4}, new float[0]));
        TensorFile file = new TensorFile(tensors, Map.of("job", "{\"jobId\":\"x\"}"));

        TensorFile back = SafeTensors.read(SafeTensors.write(file));

        assertEquals(file.tensors(), back.tensors());
        assertEquals(file.metadata(), back.metadata());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, 42}, back.tensor("i64").toLongs());
        assertArrayEquals(new long[] {0, 1, 255, 7}, back.tensor("u8").toLongs());
    }

    @Test
    void f16KeepsHalfPrecisionValuesExactlyAndRoundsOthers() {
        // Values exactly representable in binary16 survive; others round to the nearest half.
        float[] exact = {0f, 1f, -2f, 0.5f, 65504f, 6.1035156e-5f};
        Tensor t = SafeTensors.read(SafeTensors.write(new TensorFile(
                Map.of("x", Tensor.f16(new long[] {exact.length}, exact)), Map.of()))).tensor("x");
        assertEquals(DType.F16, t.dtype());
        assertEquals(exact.length * 2, t.data().length);
        assertArrayEquals(exact, t.toFloats());

        float[] rounded = Tensor.f16(new long[] {1}, new float[] {0.1f}).toFloats();
        assertEquals(0.0999755859375f, rounded[0]); // 0.1 as the nearest binary16 value
    }

    @Test
    void writesTheDocumentedLayout() {
        byte[] bytes = SafeTensors.write(new TensorFile(Map.of("a", Tensor.f32(new long[] {1}, new float[] {2f})),
                Map.of()));
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        assertEquals(2f, ByteBuffer.wrap(bytes, 8 + (int) headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void rejectsMalformedPayloads() {
        assertThrows(MalformedPayloadException.class, () -> SafeTensors.read(new byte[] {1, 2, 3}));
        byte[] hugeHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertThrows(MalformedPayloadException.class, () -> SafeTensors.read(hugeHeader));
        byte[] good = SafeTensors.write(new TensorFile(Map.of("a", Tensor.f32(new long[] {4}, new float[4])), Map.of()));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertThrows(MalformedPayloadException.class, () -> SafeTensors.read(truncated));
        byte[] notJson = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put("not json".getBytes())
                .array();
        assertThrows(MalformedPayloadException.class, () -> SafeTensors.read(notJson));
    }

    @Test
    void rejectsShapeAndDataThatDisagree() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor(DType.F32, new long[] {3}, new byte[8]));
    }
}
