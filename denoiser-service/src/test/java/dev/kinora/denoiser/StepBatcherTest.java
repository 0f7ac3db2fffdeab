package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.ReferenceSampler;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.model.StepListener;
import dev.kinora.denoiser.model.StopAndCheckpoint;
import dev.kinora.denoiser.model.StopReason;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs denoised together, joining and leaving at step boundaries, equal the same jobs run alone. */
class StepBatcherTest {

    /** Batched and single ONNX Runtime calls may sum in another order; results agree to this. */
    static final float TOLERANCE = 1e-4f;

    static DiffusionTransformer transformer;

    @BeforeAll
    static void open() {
        transformer = new DiffusionTransformer(ModelBundle.open(Bundles.defaultBundle()), InferenceDevice.parse("cpu"), CpuThreads.of(0));
    }

    @AfterAll
    static void close() {
        transformer.close();
    }

    record Spec(long seed, int steps, int tokens, long[] shape, float guidance) {
        int size() {
            return (int) (shape[0] * shape[1] * shape[2] * shape[3]);
        }

        TextConditioning text() {
            return TestTexts.random(seed, tokens);
        }

        float[] alone() {
            float[] x = GaussianNoise.sample(seed, size());
            return new ReferenceSampler(transformer).sample(x, shape, text(), guidance, new FlowEulerScheduler(steps, 2.0),
                    (s, t) -> { });
        }

        StepBatcher.Job job(StepListener listener) {
            return new StepBatcher.Job(GaussianNoise.sample(seed, size()), shape, text(), guidance,
                    new FlowEulerScheduler(steps, 2.0), listener);
        }
    }

    static final long[] SQUARE = {8, 5, 8, 8};
    static final long[] WIDE = {8, 5, 8, 12};

    static void assertClose(float[] expected, float[] actual, String what) {
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("%s: max |batched - alone| = %.3g%n", what, worst);
        assertTrue(worst <= TOLERANCE, what + ": " + worst);
    }

    /**
     * A run taken up from a checkpoint (latents and solver state after step k) ends where the
     * uninterrupted run ends, for the multistep solver whose state is more than the latents.
     */
    @Test
    void aRunResumedFromACheckpointEndsWhereTheUninterruptedRunEnds() throws Exception {
        Spec spec = new Spec(9, 8, 7, SQUARE, 4f);
        int checkpointAfter = 5;
        float[][] checkpoint = new float[2][];
        try (StepBatcher batcher = new StepBatcher(transformer, 4)) {
            float[] x = GaussianNoise.sample(spec.seed(), spec.size());
            Scheduler scheduler = new FlowDpmSolver2MScheduler(spec.steps(), 2.0);
            float[] uninterrupted = batcher.submit(new StepBatcher.Job(x, spec.shape(), spec.text(), spec.guidance(), scheduler,
                    (step, total) -> {
                        if (step == checkpointAfter) {
                            checkpoint[0] = x.clone();
                            checkpoint[1] = scheduler.carriedState();
                        }
                    })).get(60, TimeUnit.SECONDS);

            Scheduler fresh = new FlowDpmSolver2MScheduler(spec.steps(), 2.0);
            fresh.restore(checkpoint[1], checkpointAfter);
            List<Integer> stepsRun = new ArrayList<>();
            float[] resumed = batcher.submit(new StepBatcher.Job(checkpoint[0], spec.shape(), spec.text(), spec.guidance(),
                    fresh, (step, total) -> stepsRun.add(step), checkpointAfter)).get(60, TimeUnit.SECONDS);

            assertEquals(List.of(6, 7, 8), stepsRun, "only the steps after the checkpoint run again");
            assertTrue(checkpoint[1].length > 0, "DPM++ 2M carries its previous estimate");
            assertClose(uninterrupted, resumed, "resumed at step " + checkpointAfter);
        }
    }

    /** Draining lets a short job finish, hands back a long one with its progress, and takes no new job. */
    @Test
    void drainingFinishesWhatFitsTheBoundAndHandsBackTheRest() throws Exception {
        try (StepBatcher batcher = new StepBatcher(transformer, 4)) {
            Spec shortJob = new Spec(21, 20, 5, SQUARE, 4f);
            Spec longJob = new Spec(22, 100_000, 5, SQUARE, 4f);
            CompletableFuture<Void> started = new CompletableFuture<>();
            CompletableFuture<float[]> longRun = batcher.submit(longJob.job((step, total) -> started.complete(null)));
            started.get(60, TimeUnit.SECONDS);
            CompletableFuture<Void> shortStarted = new CompletableFuture<>();
            CompletableFuture<float[]> shortRun = batcher.submit(shortJob.job((step, total) -> shortStarted.complete(null)));
            shortStarted.get(60, TimeUnit.SECONDS); // running, not waiting: waiting jobs are handed back at once
            // The bound is what a loaded 2-core machine needs for the short job's 20 steps several times
            // over (3 s failed under load 19); the long one cannot finish in any bound.
            batcher.drain(java.time.Duration.ofSeconds(15));

            assertClose(shortJob.alone(), shortRun.get(1, TimeUnit.SECONDS), "finished while draining");
            ExecutionException handedBack = assertThrows(ExecutionException.class, () -> longRun.get(1, TimeUnit.SECONDS));
            StopAndCheckpoint back = (StopAndCheckpoint) handedBack.getCause();
            assertEquals(StopReason.SHUTDOWN, back.reason());
            assertTrue(back.step() > 0 && back.step() < 100_000, "handed back part-way: " + back.step());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> batcher.submit(shortJob.job((step, total) -> { })).get(1, TimeUnit.SECONDS));
            assertEquals(0, ((StopAndCheckpoint) refused.getCause()).step(), "a job after draining is handed back untouched");
        }
    }

    @Test
    void jobsThatJoinMidRunAndLeaveEarlyEqualTheirSoloRuns() throws Exception {
        List<Spec> specs = List.of(new Spec(1, 6, 11, SQUARE, 4f), new Spec(2, 3, 5, SQUARE, 1.5f),
                new Spec(3, 5, 20, SQUARE, 6f));
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        try (StepBatcher batcher = new StepBatcher(transformer, 4)) {
            // Job 3 joins when job 1 finishes its second step, so it enters a running batch.
            futures.add(batcher.submit(specs.get(0).job((step, total) -> {
                if (step == 2) {
                    futures.add(batcher.submit(specs.get(2).job((s, t) -> { })));
                }
            })));
            futures.add(batcher.submit(specs.get(1).job((s, t) -> { })));
            float[] first = futures.get(0).get(60, TimeUnit.SECONDS);
            float[] second = futures.get(1).get(60, TimeUnit.SECONDS);
            float[] third = futures.get(2).get(60, TimeUnit.SECONDS);
            assertClose(specs.get(0).alone(), first, "job 1 (6 steps)");
            assertClose(specs.get(1).alone(), second, "job 2 (3 steps, leaves early)");
            assertClose(specs.get(2).alone(), third, "job 3 (joins at step 2)");
        }
    }

    @Test
    void shapesAreNeverMixedAndTheOldestWaitingJobIsServedNext() throws Exception {
        Spec square = new Spec(4, 4, 8, SQUARE, 4f);
        Spec wide = new Spec(5, 4, 8, WIDE, 4f);
        Spec lateSquare = new Spec(6, 4, 8, SQUARE, 4f);
        List<String> order = new ArrayList<>();
        try (StepBatcher batcher = new StepBatcher(transformer, 8)) {
            CompletableFuture<float[]> a = batcher.submit(square.job((s, t) -> record(order, "square", s)));
            CompletableFuture<float[]> b = batcher.submit(wide.job((s, t) -> record(order, "wide", s)));
            CompletableFuture<float[]> c = batcher.submit(lateSquare.job((s, t) -> record(order, "late-square", s)));
            assertClose(square.alone(), a.get(60, TimeUnit.SECONDS), "square");
            assertClose(wide.alone(), b.get(60, TimeUnit.SECONDS), "wide");
            assertClose(lateSquare.alone(), c.get(60, TimeUnit.SECONDS), "late square");
        }
        // The wide job arrived before the late square one, so it runs before it (no overtaking).
        assertTrue(order.indexOf("wide:1") < order.indexOf("late-square:1"), order.toString());
    }

    @Test
    void aJobWhoseListenerThrowsLeavesAloneAndTheOthersFinish() throws Exception {
        Spec keeps = new Spec(7, 5, 8, SQUARE, 4f);
        Spec cancelled = new Spec(8, 5, 8, SQUARE, 4f);
        try (StepBatcher batcher = new StepBatcher(transformer, 4)) {
            CompletableFuture<float[]> ok = batcher.submit(keeps.job((s, t) -> { }));
            CompletableFuture<float[]> stopped = batcher.submit(cancelled.job((s, t) -> {
                if (s == 2) {
                    throw new IllegalStateException("cancelled");
                }
            }));
            ExecutionException e = assertThrows(ExecutionException.class, () -> stopped.get(60, TimeUnit.SECONDS));
            assertEquals("cancelled", e.getCause().getMessage());
            assertClose(keeps.alone(), ok.get(60, TimeUnit.SECONDS), "the job that stayed");
        }
    }

    static synchronized void record(List<String> order, String name, int step) {
        order.add(name + ":" + step);
    }
}
