package dev.kinora.denoiser.model;

import dev.kinora.denoiser.schedule.Guidance;
import dev.kinora.denoiser.schedule.Scheduler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Step-level batching: jobs with the same latent shape share every transformer call. Each job
 * carries its own noise level, so a job joins the running batch at the next step and leaves when
 * its last step is done, without waiting for the others. Admission is first come, first served:
 * when the oldest waiting job has another shape, no more jobs are admitted until the running
 * batch drains, so no job waits behind a stream of others for longer than one batch.
 */
public final class StepBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepBatcher.class);

    /**
     * One job's sampling: its latents (overwritten), text pair, guidance, solver and listener, and
     * the step it starts at (0, or later when it resumes from a checkpoint).
     */
    public record Job(float[] x, long[] shape, TextConditioning text, float guidance, Scheduler scheduler,
            Sampler.StepListener listener, int firstStep) {

        public Job(float[] x, long[] shape, TextConditioning text, float guidance, Scheduler scheduler,
                Sampler.StepListener listener) {
            this(x, shape, text, guidance, scheduler, listener, 0);
        }
    }

    private static final class Run {
        final Job job;
        final CompletableFuture<float[]> done = new CompletableFuture<>();
        int step;

        Run(Job job) {
            this.job = job;
            this.step = job.firstStep();
        }

        int steps() {
            return job.scheduler().sigmas().length - 1;
        }
    }

    /**
     * Ends a job's future when the batcher drains before the job finished: the job is not failed,
     * it is handed back to be run again elsewhere, from {@code step} (the steps it completed here).
     */
    public static final class HandedBack extends RuntimeException {
        private final int step;

        HandedBack(int step) {
            super("handed back at step " + step + " while the denoiser shuts down", null, false, false);
            this.step = step;
        }

        public int step() {
            return step;
        }
    }

    private final DiffusionTransformer transformer;
    private final int maxBatch;
    private final LinkedBlockingDeque<Run> waiting = new LinkedBlockingDeque<>();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile long drainDeadlineNanos;
    private volatile boolean draining;
    private volatile int lastBatchSize;

    public StepBatcher(DiffusionTransformer transformer, int maxBatch) {
        this.transformer = transformer;
        this.maxBatch = Math.max(1, maxBatch);
        this.worker = Thread.ofPlatform().name("kinora-step-batcher").daemon().start(this::loop);
    }

    /** Queues a job; the future completes with its final latents (or its listener's exception). */
    public CompletableFuture<float[]> submit(Job job) {
        Run run = new Run(job);
        if (run.step >= run.steps()) {
            run.done.complete(job.x()); // resumed after its last step: nothing left to do
        } else if (draining) {
            run.done.completeExceptionally(new HandedBack(run.step));
        } else if (!running) {
            run.done.completeExceptionally(new IllegalStateException("step batcher is closed"));
        } else {
            waiting.add(run);
        }
        return run.done;
    }

    /** Jobs in the last transformer call, for metrics. */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    /**
     * Stops taking jobs and hands back those still waiting; lets the running ones finish within
     * {@code bound}, then hands back what is left. Returns once nothing runs any more.
     */
    public void drain(Duration bound) {
        drainDeadlineNanos = System.nanoTime() + bound.toNanos();
        draining = true;
        try {
            worker.join(bound.plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Run> active = new ArrayList<>();
        while (running) {
            try {
                if (draining) {
                    handBack(waiting);
                    if (active.isEmpty()) {
                        break;
                    }
                    if (System.nanoTime() > drainDeadlineNanos) {
                        handBack(active);
                        break;
                    }
                    step(active);
                    continue;
                }
                if (active.isEmpty()) {
                    Run first = waiting.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    active.add(first);
                }
                admit(active);
                step(active);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // A failed transformer call fails every job in it; the batcher keeps serving.
                LOG.errorf(e, "batched denoising step failed for %d jobs", active.size());
                active.forEach(r -> r.done.completeExceptionally(e));
                active.clear();
            }
        }
        active.forEach(r -> r.done.completeExceptionally(new IllegalStateException("step batcher closed")));
        waiting.forEach(r -> r.done.completeExceptionally(new IllegalStateException("step batcher closed")));
    }

    private static void handBack(java.util.Collection<Run> runs) {
        for (Iterator<Run> it = runs.iterator(); it.hasNext(); ) {
            Run r = it.next();
            it.remove();
            r.done.completeExceptionally(new HandedBack(r.step));
        }
    }

    /** Admits waiting jobs in arrival order while they share the batch's shape and there is room. */
    private void admit(List<Run> active) {
        long[] shape = active.get(0).job.shape();
        while (active.size() < maxBatch) {
            Run next = waiting.peekFirst();
            if (next == null || !Arrays.equals(next.job.shape(), shape)) {
                return;
            }
            active.add(waiting.pollFirst());
        }
    }

    private void step(List<Run> active) {
        int n = active.size();
        lastBatchSize = n;
        long[] shape = active.get(0).job.shape();
        int size = active.get(0).job.x().length;
        int tokens = active.stream().mapToInt(r -> (int) r.job.text().hiddenShape()[1]).max().orElseThrow();
        int dim = (int) active.get(0).job.text().hiddenShape()[2];
        FloatBuffer latents = direct(2 * n * size);
        FloatBuffer hidden = direct(2 * n * tokens * dim);
        long[] mask = new long[2 * n * tokens];
        float[] sigmas = new float[2 * n];
        for (int j = 0; j < n; j++) {
            Run r = active.get(j);
            latents.put(r.job.x()).put(r.job.x());
            float sigma = (float) r.job.scheduler().sigmas()[r.step];
            sigmas[2 * j] = sigma;
            sigmas[2 * j + 1] = sigma;
            copyText(r.job.text(), j, tokens, dim, hidden, mask);
        }
        latents.flip();
        float[] velocities = new float[2 * n * size];
        transformer.predict(latents, new long[] {2L * n, shape[0], shape[1], shape[2], shape[3]}, sigmas, hidden,
                new long[] {2L * n, tokens, dim}, mask, velocities);
        float[] velocity = new float[size];
        Iterator<Run> it = active.iterator();
        for (int j = 0; it.hasNext(); j++) {
            Run r = it.next();
            Guidance.combine(velocities, 2 * j * size, size, r.job.guidance(), velocity);
            r.job.scheduler().step(r.job.x(), velocity, r.step);
            r.step++;
            try {
                r.job.listener().afterStep(r.step, r.steps());
            } catch (RuntimeException e) {
                r.done.completeExceptionally(e); // cancelled or past its deadline: it leaves the batch
                it.remove();
                continue;
            }
            if (r.step == r.steps()) {
                r.done.complete(r.job.x());
                it.remove();
            }
        }
    }

    /** Writes job j's two text rows (cond, uncond), zero-padded to {@code tokens}. */
    private static void copyText(TextConditioning text, int j, int tokens, int dim, FloatBuffer hidden, long[] mask) {
        int own = (int) text.hiddenShape()[1];
        FloatBuffer src = text.hidden().duplicate();
        for (int row = 0; row < 2; row++) {
            int base = (2 * j + row) * tokens;
            hidden.position(base * dim);
            src.limit((row * own + own) * dim).position(row * own * dim);
            hidden.put(src);
            for (int t = 0; t < own; t++) {
                mask[base + t] = text.mask()[row * own + t];
            }
        }
        hidden.position(0);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
