package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A transformer whose timestep is one noise level per latent frame (the canvas recipe's: frames given
 * clean for image, extend and long-video conditioning), against PyTorch on the testkit's tiny bundle.
 */
class PerFrameTimestepTest {

    static final Path BUNDLE = Bundles.tinyRandomBundle();

    @Test
    void framesGivenCleanReachTheGraphAsNoiseLevelZero() throws Exception {
        TensorFile f = SafeTensors.read(Files.readAllBytes(BUNDLE.resolve("fixture.safetensors")));
        float[] latents = f.tensor("latents").toFloats();
        float[] hidden = f.tensor("encoder_hidden_states").toFloats();
        float[] maskValues = f.tensor("encoder_attention_mask").toFloats();
        float[] expected = f.tensor("prediction").toFloats();
        long[] mask = new long[maskValues.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (long) maskValues[i];
        }
        // The fixture's timesteps: sample 0 at 700 with frame 0 clean, sample 1 at 250 throughout.
        float[] sigmas = {0.7f, 0.25f};
        boolean[][] clean = {{true, false, false}, null};
        float[] out = new float[expected.length];
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(BUNDLE),
                InferenceDevice.parse("cpu"), CpuThreads.of(1))) {
            assertTrue(transformer.spec().perFrameTimestep());
            transformer.predict(FloatBuffer.wrap(latents), new long[] {2, 8, 3, 4, 6}, sigmas, clean,
                    FloatBuffer.wrap(hidden), new long[] {2, 5, 384}, mask, out);
            float worst = maxDiff(out, expected);
            assertTrue(worst < 1e-4f, "per-frame prediction off PyTorch's by " + worst);

            // The same call without the clean frame is a different computation: the flag reaches the graph.
            float[] noisy = new float[expected.length];
            transformer.predict(FloatBuffer.wrap(latents), new long[] {2, 8, 3, 4, 6}, sigmas, null,
                    FloatBuffer.wrap(hidden), new long[] {2, 5, 384}, mask, noisy);
            assertTrue(maxDiff(noisy, expected) > 1e-3f, "a clean frame must change the prediction");
        }
    }

    @Test
    void aPerSampleTransformerRefusesFramesGivenClean() {
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(Bundles.defaultBundle()),
                InferenceDevice.parse("cpu"), CpuThreads.of(1))) {
            float[] out = new float[8 * 4];
            assertThrows(IllegalArgumentException.class, () -> transformer.predict(FloatBuffer.wrap(new float[32]),
                    new long[] {1, 8, 1, 2, 2}, new float[] {0.5f}, new boolean[][] {{true}},
                    FloatBuffer.wrap(new float[2 * 384]), new long[] {1, 2, 384}, new long[] {1, 1}, out));
        }
    }

    private static float maxDiff(float[] a, float[] b) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
