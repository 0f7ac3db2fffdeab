package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.condition.KnownFrames;
import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.ReferenceSampler;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Jobs given latent frames (an image to animate, frames to extend) through the step batcher: the
 * given frames come out as they went in, beside jobs given none, by replacement on the committed
 * per-sample transformer and learned on a per-frame one (the testkit's tiny random bundle).
 */
class KnownFramesBatchingTest {

    static final long[] SHAPE = {8, 5, 8, 8};
    static final int SIZE = 8 * 5 * 8 * 8;
    static final int FRAME = 8 * 8;

    static void assertGivenFramesKept(float[] clean, float[] out, boolean[] known) {
        float worst = 0;
        for (int c = 0; c < 8; c++) {
            for (int t = 0; t < known.length; t++) {
                if (known[t]) {
                    for (int i = 0; i < FRAME; i++) {
                        int k = (c * known.length + t) * FRAME + i;
                        worst = Math.max(worst, Math.abs(clean[k] - out[k]));
                    }
                }
            }
        }
        assertTrue(worst < 1e-6f, "given frames moved by " + worst);
    }

    @Test
    void replacementKeepsGivenFramesBesideAJobWithoutAny() throws Exception {
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(Bundles.defaultBundle()),
                InferenceDevice.parse("cpu"), CpuThreads.of(0));
                StepBatcher batcher = new StepBatcher(transformer, 4)) {
            boolean[] known = {true, true, false, false, false};
            float[] clean = GaussianNoise.sample(99, SIZE);
            float[] noise = GaussianNoise.sample(5, SIZE);
            KnownFrames frames = new KnownFrames(KnownFrames.Mode.REPLACEMENT, clean, noise, known, 8);
            CompletableFuture<float[]> given = batcher.submit(new StepBatcher.Job(noise.clone(), SHAPE,
                    TestTexts.random(5, 7), 4f, new FlowEulerScheduler(6, 2.0), (s, t) -> { }, 0, frames));
            CompletableFuture<float[]> plain = batcher.submit(new StepBatcher.Job(GaussianNoise.sample(6, SIZE), SHAPE,
                    TestTexts.random(6, 9), 4f, new FlowEulerScheduler(6, 2.0), (s, t) -> { }));
            assertGivenFramesKept(clean, given.get(), known);

            float[] alone = new ReferenceSampler(transformer).sample(GaussianNoise.sample(6, SIZE), SHAPE,
                    TestTexts.random(6, 9), 4f, new FlowEulerScheduler(6, 2.0), (s, t) -> { });
            StepBatcherTest.assertClose(alone, plain.get(), "a job batched beside one with given frames");
        }
    }

    @Test
    void learnedConditioningKeepsGivenFramesAndTellsThePerFrameTransformer() throws Exception {
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(Bundles.tinyRandomBundle()),
                InferenceDevice.parse("cpu"), CpuThreads.of(1));
                StepBatcher batcher = new StepBatcher(transformer, 4)) {
            boolean[] first = {true, false, false, false, false};
            float[] clean = GaussianNoise.sample(42, SIZE);
            float[] noise = GaussianNoise.sample(7, SIZE);
            KnownFrames frames = new KnownFrames(KnownFrames.Mode.LEARNED, clean, noise, first, 8);
            float[] given = batcher.submit(new StepBatcher.Job(noise.clone(), SHAPE, TestTexts.random(7, 5), 4f,
                    new FlowDpmSolver2MScheduler(5, 2.0), (s, t) -> { }, 0, frames)).get();
            assertGivenFramesKept(clean, given, first);

            // Told nothing, the same job generates its other frames differently: the flag reached the graph.
            KnownFrames replaced = new KnownFrames(KnownFrames.Mode.REPLACEMENT, clean, noise, first, 8);
            float[] other = batcher.submit(new StepBatcher.Job(noise.clone(), SHAPE, TestTexts.random(7, 5), 4f,
                    new FlowDpmSolver2MScheduler(5, 2.0), (s, t) -> { }, 0, replaced)).get();
            float differs = 0;
            for (int i = 0; i < SIZE; i++) {
                differs = Math.max(differs, Math.abs(given[i] - other[i]));
            }
            assertTrue(differs > 1e-3f, "learned and replacement conditioning differ on the generated frames");
        }
    }
}
