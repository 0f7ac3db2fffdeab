package dev.kinora.model;

import java.util.Locale;

/**
 * Which precision a graph's matrix products run in: {@code fp32}, {@code fp16} (MixedPrecisionGraph,
 * for GPUs), {@code int8} (QuantizedGraph: int8 weights, activations quantized per call, for CPUs)
 * or {@code auto}, which means fp16 on an explicitly configured CUDA device and fp32 otherwise:
 * on CPU, float16 products are slower and only less exact.
 */
public enum GraphPrecision {
    AUTO, FP32, FP16, INT8;

    public static GraphPrecision parse(String text) {
        String t = text == null ? "auto" : text.trim().toUpperCase(Locale.ROOT);
        for (GraphPrecision p : values()) {
            if (p.name().equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision '" + text + "' is not one of auto, fp32, fp16, int8");
    }

    /** Whether the graph for {@code device} should be the float16 one. */
    public boolean halfOn(InferenceDevice device) {
        return this == FP16 || (this == AUTO && device.kind() == InferenceDevice.Kind.CUDA);
    }
}
