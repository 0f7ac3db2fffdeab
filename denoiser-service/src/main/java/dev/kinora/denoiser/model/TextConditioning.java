package dev.kinora.denoiser.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Text hidden states and masks for the conditional and unconditional passes, stacked as one
 * batch of two ([2, L, D] and [2, L]) in a direct buffer that ONNX Runtime reads without a copy.
 */
public record TextConditioning(FloatBuffer hidden, long[] hiddenShape, long[] mask) {

    public static TextConditioning of(float[] hidden, int tokens, int hiddenSize, long[] mask) {
        FloatBuffer buf = ByteBuffer.allocateDirect(hidden.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buf.put(hidden).flip();
        return new TextConditioning(buf, new long[] {2, tokens, hiddenSize}, mask);
    }
}
