package dev.kinora.events.tensor;

/** Element types Kinora writes into safetensors payloads, named as the format names them. */
public enum DType {
    F32(4),
    F16(2),
    I64(8),
    U8(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
