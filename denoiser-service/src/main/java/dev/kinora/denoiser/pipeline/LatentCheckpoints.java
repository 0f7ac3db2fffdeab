package dev.kinora.denoiser.pipeline;

import dev.kinora.events.storage.ObjectStore;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.platform.S3Config;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A job's latents every few steps in the scratch bucket, so that a job whose replica died resumes
 * on another one instead of starting over. Writes happen off the sampling thread, in order, and
 * are best effort: a job never fails because its checkpoint could not be written.
 */
@ApplicationScoped
public class LatentCheckpoints {

    private static final Logger LOG = Logger.getLogger(LatentCheckpoints.class);
    private static final String LATENTS = "latents";
    private static final String SOLVER_STATE = "solver_state";

    /** A run's latents after {@code step} of {@code steps} steps, and its solver's carried state. */
    public record Checkpoint(int step, int steps, String scheduler, long[] shape, float[] latents, float[] solverState) {

        /** Whether this checkpoint can continue a run of the given shape, solver and length. */
        boolean fits(long[] expectedShape, String expectedScheduler, int expectedSteps) {
            return steps == expectedSteps && scheduler.equals(expectedScheduler) && Arrays.equals(shape, expectedShape)
                    && step > 0 && step <= steps;
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    S3Config s3;

    @Inject
    MeterRegistry metrics;

    /** Steps between checkpoints; 0 turns them off. */
    @ConfigProperty(name = "kinora.denoiser.checkpoint-every-steps", defaultValue = "10")
    int everySteps;

    // One thread: a job's later checkpoint and its final removal never overtake an earlier write.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("kinora-checkpoint-writer").daemon().unstarted(r));

    public boolean due(int step, int steps) {
        return everySteps > 0 && step < steps && step % everySteps == 0;
    }

    /** Queues a write of the run's state after {@code step}; the arrays are copied now. */
    public Future<?> save(String jobId, String scheduler, int step, int steps, long[] shape, float[] latents,
            float[] solverState) {
        float[] x = latents.clone();
        float[] carried = solverState.clone();
        return writer.submit(() -> {
            try {
                TensorFile file = new TensorFile(
                        Map.of(LATENTS, Tensor.f32(shape, x), SOLVER_STATE, Tensor.f32(new long[] {carried.length}, carried)),
                        Map.of("step", Integer.toString(step), "steps", Integer.toString(steps), "scheduler", scheduler));
                store.put(s3.scratchBucket(), key(jobId), SafeTensors.write(file), "application/vnd.safetensors", Map.of());
                metrics.counter("kinora_denoise_checkpoints_total").increment();
            } catch (RuntimeException e) {
                LOG.warnf("checkpoint of job %s at step %d not written: %s", jobId, step, e.getMessage());
            }
        });
    }

    /** The job's last checkpoint, if one was written and can still be read. */
    public Optional<Checkpoint> find(String jobId) {
        if (everySteps <= 0) {
            return Optional.empty();
        }
        try {
            return store.find(s3.scratchBucket(), key(jobId)).map(LatentCheckpoints::parse);
        } catch (RuntimeException e) {
            LOG.warnf("checkpoint of job %s unreadable, starting over: %s", jobId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Queues the removal of a finished job's checkpoint. */
    public void remove(String jobId) {
        if (everySteps <= 0) {
            return;
        }
        writer.execute(() -> {
            try {
                store.delete(s3.scratchBucket(), key(jobId));
            } catch (RuntimeException e) {
                // A leftover costs a little scratch space and no correctness: sampling is deterministic.
                LOG.debugf("checkpoint of job %s not removed: %s", jobId, e.getMessage());
            }
        });
    }

    @PreDestroy
    void close() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }

    static String key(String jobId) {
        return "checkpoints/" + jobId + ".safetensors";
    }

    private static Checkpoint parse(byte[] bytes) {
        TensorFile file = SafeTensors.read(bytes);
        Tensor latents = file.tensor(LATENTS);
        return new Checkpoint(Integer.parseInt(file.metadata().get("step")), Integer.parseInt(file.metadata().get("steps")),
                file.metadata().get("scheduler"), latents.shape(), latents.toFloats(), file.tensor(SOLVER_STATE).toFloats());
    }
}
