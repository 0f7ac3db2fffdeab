package dev.kinora.denoiser;

import dev.kinora.denoiser.model.TextConditioning;
import java.util.Random;

/** Seeded stand-in text conditioning: a prompt of {@code tokens} tokens and the two-token empty prompt. */
public final class TestTexts {

    private TestTexts() {}

    public static TextConditioning random(long seed, int tokens) {
        Random random = new Random(seed);
        float[] hidden = new float[2 * tokens * 384];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) random.nextGaussian();
        }
        long[] mask = new long[2 * tokens];
        for (int i = 0; i < tokens; i++) {
            mask[i] = 1;
        }
        mask[tokens] = 1;
        mask[tokens + 1] = 1;
        return TextConditioning.of(hidden, tokens, 384, mask);
    }
}
