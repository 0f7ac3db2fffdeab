package dev.kinora.events.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named tensor: element type, shape and little-endian bytes. The bytes are kept as they travel
 * so that a tensor read from a record can be written again without conversion.
 */
public record Tensor(DType dtype, long[] shape, byte[] data) {

    public Tensor {
        long expected = elementCount(shape) * dtype.bytes();
        if (expected != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + expected + " bytes, got " + data.length);
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public static Tensor f32(long[] shape, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new Tensor(DType.F32, shape.clone(), buf.array());
    }

    /** Stores the values as IEEE half precision: half the bytes on the wire for latents. */
    public static Tensor f16(long[] shape, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putShort(Float.floatToFloat16(v));
        }
        return new Tensor(DType.F16, shape.clone(), buf.array());
    }

    public static Tensor i64(long[] shape, long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return new Tensor(DType.I64, shape.clone(), buf.array());
    }

    public static Tensor u8(long[] shape, byte[] values) {
        return new Tensor(DType.U8, shape.clone(), values.clone());
    }

    /** Raw bytes as a one-dimensional U8 tensor, for encoded media such as an MP4. */
    public static Tensor bytes(byte[] values) {
        return new Tensor(DType.U8, new long[] {values.length}, values);
    }

    /** The values widened to float32, whatever the stored floating type. */
    public float[] toFloats() {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(elementCount());
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(buf.getShort());
                }
            }
            default -> throw new IllegalStateException("tensor of dtype " + dtype + " is not floating point");
        }
        return out;
    }

    /** The values as int64, widening U8 masks. */
    public long[] toLongs() {
        int n = Math.toIntExact(elementCount());
        long[] out = new long[n];
        switch (dtype) {
            case I64 -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data[i] & 0xFF;
                }
            }
            default -> throw new IllegalStateException("tensor of dtype " + dtype + " is not integral");
        }
        return out;
    }

    public int dim(int axis) {
        return Math.toIntExact(shape[axis]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.dtype == dtype && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
