package dev.kinora.denoiser.schedule;

/** Classifier-free guidance: v = v_uncond + g·(v_cond − v_uncond), written into {@code out}. */
public final class Guidance {

    private Guidance() {}

    public static void combine(float[] both, int sampleSize, float scale, float[] out) {
        // `both` holds the conditional sample first, then the unconditional one.
        for (int k = 0; k < sampleSize; k++) {
            float cond = both[k];
            float uncond = both[sampleSize + k];
            out[k] = uncond + scale * (cond - uncond);
        }
    }
}
