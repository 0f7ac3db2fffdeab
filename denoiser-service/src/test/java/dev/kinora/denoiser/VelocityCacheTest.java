package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.VelocityCache;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Step caching on the committed transformer through the step batcher. */
class VelocityCacheTest {

    static final long[] SHAPE = {8, 5, 8, 8};
    static final int SIZE = 8 * 5 * 8 * 8;
    static DiffusionTransformer transformer;
    static StepBatcher batcher;

    @BeforeAll
    static void open() {
        transformer = new DiffusionTransformer(ModelBundle.open(Bundles.defaultBundle()), InferenceDevice.parse("cpu"),
                CpuThreads.of(0));
        batcher = new StepBatcher(transformer, 4);
    }

    @AfterAll
    static void close() {
        batcher.close();
        transformer.close();
    }

    static float[] run(Scheduler scheduler, long seed) {
        return batcher.submit(new StepBatcher.Job(GaussianNoise.sample(seed, SIZE), SHAPE, TestTexts.random(seed, 8), 4f,
                scheduler, (s, t) -> { })).join();
    }

    static double relativeError(float[] expected, float[] actual) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            err += Math.pow(expected[i] - actual[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(err / norm);
    }

    @Test
    void aThresholdNoChangeReachesRunsTheModelEveryStepAndChangesNothing() {
        VelocityCache cache = new VelocityCache(new FlowEulerScheduler(12, 2.0), 1e-9);
        assertArrayEquals(run(new FlowEulerScheduler(12, 2.0), 3), run(cache, 3));
        assertEquals(12, cache.modelCalls());
    }

    @Test
    void aRealThresholdSkipsCallsAtASmallCostInTheLatents() {
        float[] full = run(new FlowEulerScheduler(20, 2.0), 4);
        VelocityCache cache = new VelocityCache(new FlowEulerScheduler(20, 2.0), 0.15);
        float[] cached = run(cache, 4);
        double error = relativeError(full, cached);
        System.out.printf("velocity cache 0.15, Euler 20 steps: %d transformer calls, relative latent error %.4f%n",
                cache.modelCalls(), error);
        assertTrue(cache.modelCalls() < 20 && cache.modelCalls() >= 2, "calls: " + cache.modelCalls());
        assertTrue(error > 0 && error < 0.25, "relative error " + error);
    }

    @Test
    void aResumedCachedRunEqualsAnUninterruptedOneWithEitherSolver() {
        IntFunction<Scheduler> euler = steps -> new FlowEulerScheduler(steps, 2.0);
        IntFunction<Scheduler> dpm = steps -> new FlowDpmSolver2MScheduler(steps, 2.0);
        for (IntFunction<Scheduler> solver : java.util.List.of(euler, dpm)) {
            float[] whole = run(new VelocityCache(solver.apply(16), 0.12), 5);

            VelocityCache first = new VelocityCache(solver.apply(16), 0.12);
            float[] x = GaussianNoise.sample(5, SIZE);
            float[][] saved = new float[2][];
            int stopAt = 9;
            CompletionException stopped = assertThrows(CompletionException.class, () -> batcher.submit(
                    new StepBatcher.Job(x, SHAPE, TestTexts.random(5, 8), 4f, first, (step, total) -> {
                        if (step == stopAt) {     // as the step hooks checkpoint and hand a job back
                            saved[0] = x.clone();
                            saved[1] = first.carriedState();
                            throw new IllegalStateException("handed back");
                        }
                    })).join());
            assertTrue(stopped.getCause() instanceof IllegalStateException);

            VelocityCache resumed = new VelocityCache(solver.apply(16), 0.12);
            resumed.restore(saved[1], stopAt);
            float[] rest = batcher.submit(new StepBatcher.Job(saved[0], SHAPE, TestTexts.random(5, 8), 4f, resumed,
                    (s, t) -> { }, stopAt)).join();
            assertArrayEquals(whole, rest, "resumed at step " + stopAt);
        }
    }

    @Test
    void aJobWithoutACacheBatchedBesideACachedOneIsUntouched() {
        float[] alone = run(new FlowEulerScheduler(10, 2.0), 6);
        var cached = batcher.submit(new StepBatcher.Job(GaussianNoise.sample(7, SIZE), SHAPE, TestTexts.random(7, 8), 4f,
                new VelocityCache(new FlowEulerScheduler(10, 2.0), 0.2), (s, t) -> { }));
        var plain = batcher.submit(new StepBatcher.Job(GaussianNoise.sample(6, SIZE), SHAPE, TestTexts.random(6, 8), 4f,
                new FlowEulerScheduler(10, 2.0), (s, t) -> { }));
        cached.join();
        StepBatcherTest.assertClose(alone, plain.join(), "an uncached job beside a cached one");
    }

    @Test
    void refusesAThresholdThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new VelocityCache(new FlowEulerScheduler(4, 2.0), 0));
    }
}
