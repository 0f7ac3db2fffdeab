package dev.kinora.denoiser.model;

import dev.kinora.denoiser.condition.KnownFrames;
import dev.kinora.denoiser.schedule.Guidance;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.VelocityCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
     * One job's sampling: its latents (overwritten), text pair, guidance, solver and listener, the
     * step it starts at (0, or later when it resumes from a checkpoint), and the latent frames it is
     * given (null: none), which stay as {@link KnownFrames} says through every step.
     */
    public record Job(float[] x, long[] shape, TextConditioning text, float guidance, Scheduler scheduler,
            StepListener listener, int firstStep, KnownFrames known) {

        public Job(float[] x, long[] shape, TextConditioning text, float guidance, Scheduler scheduler,
                StepListener listener, int firstStep) {
            this(x, shape, text, guidance, scheduler, listener, firstStep, null);
        }

        public Job(float[] x, long[] shape, TextConditioning text, float guidance, Scheduler scheduler,
                StepListener listener) {
            this(x, shape, text, guidance, scheduler, listener, 0, null);
        }
    }

    private static final class Run {
        final Job job;
        final CompletableFuture<float[]> done = new CompletableFuture<>();
        int step;

        Run(Job job) {
            this.job = job;
            this.step = job.firstStep();
            if (job.known() != null && step < steps()) {
                job.known().impose(job.x(), job.scheduler().sigmas()[step]);
            }
        }

        int steps() {
            return job.scheduler().sigmas().length - 1;
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
    private final BatchInputs inputs = new BatchInputs(); // used by the worker thread only

    public StepBatcher(DiffusionTransformer transformer, int maxBatch) {
        this.transformer = transformer;
        this.maxBatch = Math.max(1, maxBatch);
        this.worker = Thread.ofPlatform().name("kinora-step-batcher").daemon().start(this::loop);
    }

    /**
     * Queues a job; the future completes with its final latents, or with its listener's exception,
     * or with {@link StopAndCheckpoint} ({@link StopReason#SHUTDOWN}) when the batcher drains first.
     */
    public CompletableFuture<float[]> submit(Job job) {
        Run run = new Run(job);
        if (run.step >= run.steps()) {
            run.done.complete(job.x()); // resumed after its last step: nothing left to do
        } else if (draining) {
            run.done.completeExceptionally(new StopAndCheckpoint(StopReason.SHUTDOWN, run.step));
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

    /** Ends each run's future with a stop at the step it reached, so that its caller checkpoints it there. */
    private static void handBack(Collection<Run> runs) {
        for (Iterator<Run> it = runs.iterator(); it.hasNext(); ) {
            Run r = it.next();
            it.remove();
            r.done.completeExceptionally(new StopAndCheckpoint(StopReason.SHUTDOWN, r.step));
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
        long[] shape = active.get(0).job.shape();
        int size = active.get(0).job.x().length;
        // Jobs whose velocity cache holds this step skip the call; the others share it.
        List<Run> computing = new ArrayList<>();
        for (Run r : active) {
            if (!(r.job.scheduler() instanceof VelocityCache cache) || cache.needsModel(r.job.x(), r.step)) {
                computing.add(r);
            }
        }
        int n = computing.size();
        lastBatchSize = n;
        if (n > 0) {
            inputs.fill(computing, size);
            transformer.predict(inputs.latents, new long[] {2L * n, shape[0], shape[1], shape[2], shape[3]}, inputs.sigmas,
                    inputs.cleanFrames, inputs.hidden, new long[] {2L * n, inputs.tokens, inputs.dim}, inputs.mask,
                    inputs.velocities);
        }
        Iterator<Run> it = active.iterator();
        while (it.hasNext()) {
            Run r = it.next();
            int row = computing.indexOf(r);
            float[] velocity;
            if (row >= 0) {
                velocity = new float[size];
                Guidance.combine(inputs.velocities, 2 * row * size, size, r.job.guidance(), velocity);
                if (r.job.scheduler() instanceof VelocityCache cache) {
                    cache.remember(velocity);
                }
            } else {
                velocity = ((VelocityCache) r.job.scheduler()).cachedVelocity();
            }
            r.job.scheduler().step(r.job.x(), velocity, r.step);
            r.step++;
            if (r.job.known() != null) {
                r.job.known().impose(r.job.x(), r.job.scheduler().sigmas()[r.step]);
            }
            try {
                r.job.listener().afterStep(r.step, r.steps());
            } catch (RuntimeException e) {
                r.done.completeExceptionally(e); // cancelled, past its deadline or stopped: it leaves the batch
                it.remove();
                continue;
            }
            if (r.step == r.steps()) {
                r.done.complete(r.job.x());
                it.remove();
            }
        }
    }

    /**
     * The transformer's inputs for one step, kept from step to step: buffers are reallocated only
     * when a batch needs more room, and the text rows (which do not change while a job runs) are
     * rewritten only when the batch's members change.
     */
    private static final class BatchInputs {
        FloatBuffer latents = direct(0);
        FloatBuffer hidden = direct(0);
        long[] mask = new long[0];
        float[] sigmas = new float[0];
        boolean[][] cleanFrames;      // per row, the frames the transformer is told are clean; null: none
        float[] velocities = new float[0];
        int tokens;
        int dim;
        private List<Run> members = List.of();

        /** Two rows per job (conditional, unconditional): latents, noise levels and, if needed, text. */
        void fill(List<Run> active, int size) {
            int n = active.size();
            latents = ensure(latents, 2 * n * size);
            if (sigmas.length != 2 * n) {
                sigmas = new float[2 * n];
            }
            if (velocities.length != 2 * n * size) {
                velocities = new float[2 * n * size];
            }
            for (int j = 0; j < n; j++) {
                Run r = active.get(j);
                latents.put(r.job.x()).put(r.job.x());
                float sigma = (float) r.job.scheduler().sigmas()[r.step];
                sigmas[2 * j] = sigma;
                sigmas[2 * j + 1] = sigma;
            }
            latents.flip();
            if (!active.equals(members)) { // Run has identity equality: same jobs in the same order
                fillText(active);
                fillCleanFrames(active);
                members = List.copyOf(active);
            }
        }

        private void fillCleanFrames(List<Run> active) {
            cleanFrames = null;
            for (int j = 0; j < active.size(); j++) {
                KnownFrames known = active.get(j).job.known();
                boolean[] clean = known == null ? null : known.cleanForTransformer();
                if (clean != null) {
                    cleanFrames = cleanFrames == null ? new boolean[2 * active.size()][] : cleanFrames;
                    cleanFrames[2 * j] = clean;
                    cleanFrames[2 * j + 1] = clean;
                }
            }
        }

        private void fillText(List<Run> active) {
            int n = active.size();
            tokens = active.stream().mapToInt(r -> (int) r.job.text().hiddenShape()[1]).max().orElseThrow();
            dim = (int) active.get(0).job.text().hiddenShape()[2];
            hidden = ensure(hidden, 2 * n * tokens * dim);
            mask = new long[2 * n * tokens];
            for (int j = 0; j < n; j++) {
                copyText(active.get(j).job.text(), j, tokens, dim, hidden, mask);
            }
            hidden.position(0).limit(2 * n * tokens * dim);
        }

        /** A buffer of exactly {@code floats} remaining, the old one when it is large enough. */
        private static FloatBuffer ensure(FloatBuffer buffer, int floats) {
            FloatBuffer b = buffer.capacity() >= floats ? buffer : direct(floats);
            b.clear();
            b.limit(floats);
            return b;
        }

        /** Writes job j's two text rows (cond, uncond), zero-padded to {@code tokens}. */
        private static void copyText(TextConditioning text, int j, int tokens, int dim, FloatBuffer hidden, long[] mask) {
            int own = (int) text.hiddenShape()[1];
            FloatBuffer src = text.hidden().duplicate();
            for (int row = 0; row < 2; row++) {
                int base = (2 * j + row) * tokens;
                hidden.limit(hidden.capacity()).position(base * dim);
                src.limit((row * own + own) * dim).position(row * own * dim);
                hidden.put(src);
                for (int pad = own * dim; pad < tokens * dim; pad++) {
                    hidden.put(0f); // a reused buffer holds an earlier batch's values here
                }
                for (int t = 0; t < own; t++) {
                    mask[base + t] = text.mask()[row * own + t];
                }
            }
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
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
