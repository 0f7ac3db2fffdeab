package dev.kinora.denoiser.schedule;

/** Classifier-free guidance: v = v_uncond + g·(v_cond − v_uncond), written into {@code out}. */
public final class Guidance {

    private Guidance() {}

    public static void combine(float[] both, int sampleSize, float scale, float[] out) {
        combine(both, 0, sampleSize, scale, out);
    }

    /** Same, for a pair stored at {@code offset}: the conditional sample, then the unconditional one. */
    public static void combine(float[] batch, int offset, int sampleSize, float scale, float[] out) {
        for (int k = 0; k < sampleSize; k++) {
            float cond = batch[offset + k];
            float uncond = batch[offset + sampleSize + k];
            out[k] = uncond + scale * (cond - uncond);
        }
    }
}
