package dev.kinora.denoiser.pipeline;

import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.Schedulers;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import dev.kinora.platform.Cancellations;
import dev.kinora.platform.Deadlines;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.ProgressThrottle;
import dev.kinora.platform.StageRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** kinora.denoise → seeded noise, guided flow sampling → kinora.decode, throttled progress events per step. */
@ApplicationScoped
public class DenoiseStage {

    private static final Logger LOG = Logger.getLogger(DenoiseStage.class);

    @Inject
    StepBatcher batcher;

    @Inject
    ModelBundle bundle;

    @Inject
    StageRunner runner;

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @Inject
    Cancellations cancellations;

    @Inject
    LatentCheckpoints checkpoints;

    @Inject
    @Identifier(PartitionOwnership.NAME)
    PartitionOwnership ownership;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** Least time between two progress events of one job (the first and last step always go out). */
    @ConfigProperty(name = "kinora.progress.min-interval", defaultValue = "PT0.25S")
    Duration progressInterval;

    /** Solver to use instead of the bundle's: {@code flow-euler} or {@code flow-dpm++2m}. */
    @ConfigProperty(name = "kinora.denoiser.scheduler")
    Optional<String> schedulerOverride;

    static final String CHANNEL = "denoise-tasks";

    @Incoming(CHANNEL)
    @Blocking(value = "denoise-pool", ordered = false)
    public void onDenoiseTask(ConsumerRecord<String, byte[]> record) {
        BooleanSupplier moved = () -> !ownership.owns(record.topic(), record.partition());
        if (moved.getAsBoolean()) {
            // Fetched before a rebalance gave its partition to another replica, which replays it.
            LOG.infof("record for job %s skipped: partition %d moved to another replica", record.key(), record.partition());
            registry.counter("kinora_denoise_skipped_moved_total").increment();
            return;
        }
        inFlight.incrementAndGet();
        try {
            runner.runTask(Stage.DENOISE, record, DenoiseTask::decode,
                    DenoiseTask::job, (task, job, clock) -> {
                        Optional<Tensor> latents = denoise(task, moved);
                        if (latents.isEmpty()) {
                            // Stopped mid-job and checkpointed. Shutting down: a copy of the record
                            // goes back to its partition for its next owner. Partition moved: its
                            // new owner replays the uncommitted record already.
                            if (!moved.getAsBoolean()) {
                                publisher.republish(record);
                            }
                            return;
                        }
                        DecodeTask out = new DecodeTask(clock.stamp(job), latents.get());
                        publisher.publishTask(Topics.DECODE, Stage.DECODE, job.jobId(), out.encode());
                        checkpoints.remove(job.jobId());
                    });
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Records being handled now, so a shutdown can wait until each is finished or handed back. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The job's final latents, or empty when the replica stopped the job part-way (checkpointed):
     * it is shutting down, or {@code moved} says the job's partition went to another replica.
     */
    private Optional<Tensor> denoise(DenoiseTask task, BooleanSupplier moved) {
        JobSpec job = task.job();
        ModelManifest m = bundle.manifest();
        long[] shape = latentShape(m, job);
        int count = Math.toIntExact(Tensor.elementCount(shape));
        float[] x = GaussianNoise.sample(job.seed(), count);
        Tensor hidden = task.textHidden();
        TextConditioning text = TextConditioning.of(hidden.toFloats(), hidden.dim(1), hidden.dim(2),
                task.textMask().toLongs());
        // The request's choice, else the operator's, else the bundle's.
        String algorithm = job.scheduler() != null ? job.scheduler() : schedulerOverride.orElse(m.scheduler().type());
        Scheduler scheduler = Schedulers.create(algorithm, job.steps(), m.scheduler().shift());
        int firstStep = resume(job, shape, algorithm, scheduler, x);
        Counter steps = registry.counter("kinora_denoise_steps_total");
        ProgressThrottle progress = new ProgressThrottle(progressInterval);
        // Runs in the step batcher with whatever jobs of the same shape are denoising now.
        try {
            batcher.submit(new StepBatcher.Job(x, shape, text, (float) job.guidanceScale(), scheduler, (step, total) -> {
                steps.increment();
                if (progress.shouldPublish(step, total)) {
                    publisher.progress(job, Stage.DENOISE, step, total);
                }
                cancellations.throwIfCancelled(job.jobId()); // takes effect between steps
                Deadlines.throwIfPast(job);
                if (step < total && moved.getAsBoolean()) {
                    throw new PartitionMoved(step);
                }
                if (checkpoints.due(step, total)) {
                    checkpoints.save(job.jobId(), algorithm, step, total, shape, x, scheduler.carriedState());
                }
            }, firstStep)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StepBatcher.HandedBack back) {
                checkpointAtHandBack(job, algorithm, back.step(), shape, x, scheduler, "shutdown");
                return Optional.empty();
            }
            if (e.getCause() instanceof PartitionMoved stop) {
                checkpointAtHandBack(job, algorithm, stop.step, shape, x, scheduler, "partition-moved");
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(Tensor.f16(new long[] {1, shape[0], shape[1], shape[2], shape[3]}, x));
    }

    /**
     * Continues from the job's latest checkpoint when an earlier attempt (a replica that died, a
     * replayed record) left one that fits: loads its latents into {@code x} and its solver state
     * into {@code scheduler}, and returns the step to go on from; 0 to start from noise.
     */
    private int resume(JobSpec job, long[] shape, String algorithm, Scheduler scheduler, float[] x) {
        Optional<LatentCheckpoints.Checkpoint> found = checkpoints.find(job.jobId());
        if (found.isEmpty() || !found.get().fits(shape, algorithm, job.steps())) {
            return 0;
        }
        LatentCheckpoints.Checkpoint checkpoint = found.get();
        System.arraycopy(checkpoint.latents(), 0, x, 0, x.length);
        scheduler.restore(checkpoint.solverState(), checkpoint.step());
        registry.counter("kinora_denoise_resumed_total").increment();
        LOG.infof("job %s resumes at step %d of %d from its checkpoint", job.jobId(), checkpoint.step(), job.steps());
        return checkpoint.step();
    }

    /** The job stops here before it finished (shutdown, partition moved): its progress so far is kept. */
    private void checkpointAtHandBack(JobSpec job, String algorithm, int step, long[] shape, float[] x, Scheduler scheduler,
            String reason) {
        if (step > 0) {
            try {
                checkpoints.save(job.jobId(), algorithm, step, job.steps(), shape, x, scheduler.carriedState())
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("job %s: checkpoint at hand-back not written, it will start over: %s", job.jobId(), e.getMessage());
            }
        }
        LOG.infof("job %s handed back at step %d of %d (%s)", job.jobId(), step, job.steps(), reason);
        registry.counter("kinora_denoise_handed_back_total", "reason", reason).increment();
    }

    /** Thrown between steps when the job's partition has moved to another replica. */
    private static final class PartitionMoved extends RuntimeException {
        final int step;

        PartitionMoved(int step) {
            super("partition moved at step " + step, null, false, false);
            this.step = step;
        }
    }

    /** [C, T, H, W] of the latents for the job's frames and resolution under the bundle's VAE. */
    static long[] latentShape(ModelManifest m, JobSpec job) {
        ModelManifest.VaeDecoder vae = m.vaeDecoder();
        return new long[] {
            m.transformer().latentChannels(),
            vae.latentFramesFor(job.frames()),
            job.height() / vae.spatialCompression(),
            job.width() / vae.spatialCompression()
        };
    }
}
