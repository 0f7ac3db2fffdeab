package dev.kinora.denoiser.pipeline;

import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.model.StopAndCheckpoint;
import dev.kinora.denoiser.model.StopReason;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.Schedulers;
import dev.kinora.denoiser.schedule.VelocityCache;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.StageRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
    LatentCheckpoints checkpoints;

    @Inject
    StepHooks hooks;

    @Inject
    @Identifier(PartitionOwnership.NAME)
    PartitionOwnership ownership;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** Solver to use instead of the bundle's: {@code flow-euler} or {@code flow-dpm++2m}. */
    @ConfigProperty(name = "kinora.denoiser.scheduler")
    Optional<String> schedulerOverride;

    /** Step caching ({@link VelocityCache}) for jobs that do not choose: the change a reused velocity may cover; 0 turns it off. */
    @ConfigProperty(name = "kinora.denoiser.cache-threshold", defaultValue = "0")
    double cacheThreshold;

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
                        switch (denoise(task, moved)) {
                            case Finished(Tensor latents, int transformerCalls) -> {
                                DecodeTask out = new DecodeTask(clock.stamp(job).withTransformerCalls(transformerCalls),
                                        latents);
                                publisher.publishTask(Topics.DECODE, Stage.DECODE, job.jobId(), out.encode());
                                checkpoints.remove(job.jobId());
                            }
                            case Stopped(StopReason reason) -> handOn(reason, record, moved);
                        }
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
     * How a job's denoising ended here: with its final latents and the guided transformer calls its
     * steps took (checkpointed ones included), or stopped part-way and checkpointed.
     */
    private sealed interface Denoised {}

    private record Finished(Tensor latents, int transformerCalls) implements Denoised {}

    private record Stopped(StopReason reason) implements Denoised {}

    /** Sees that a job stopped part-way goes on from its checkpoint: who runs it next depends on why it stopped. */
    private void handOn(StopReason reason, ConsumerRecord<String, byte[]> record, BooleanSupplier moved) {
        switch (reason) {
            // A copy of the record goes back to its partition for its next owner, unless the
            // partition moved meanwhile: its new owner replays the uncommitted record already.
            case SHUTDOWN -> {
                if (!moved.getAsBoolean()) {
                    publisher.republish(record);
                }
            }
            case PARTITION_MOVED -> { } // its new owner replays the uncommitted record
        }
    }

    /**
     * Runs the job's steps in the step batcher with whatever jobs of the same shape are denoising
     * now; it ends with the final latents, or stopped part-way (checkpointed) because the replica
     * is shutting down or {@code moved} says the job's partition went to another replica.
     */
    private Denoised denoise(DenoiseTask task, BooleanSupplier moved) {
        JobSpec job = task.job();
        ModelManifest m = bundle.manifest();
        long[] shape = latentShape(m, job);
        int count = Math.toIntExact(Tensor.elementCount(shape));
        float[] x = GaussianNoise.sample(job.seed(), count);
        Tensor hidden = task.textHidden();
        TextConditioning text = TextConditioning.of(hidden.toFloats(), hidden.dim(1), hidden.dim(2),
                task.textMask().toLongs());
        // The request's choice, else the operator's, else the bundle's.
        String solver = job.scheduler() != null ? job.scheduler() : schedulerOverride.orElse(m.scheduler().type());
        Scheduler scheduler = Schedulers.create(solver, job.steps(), m.scheduler().shift());
        // The request's step caching, else the operator's. Checkpoints name the cache too: a cached
        // run's carried state resumes only a run cached alike.
        double threshold = job.cacheThreshold() != null ? job.cacheThreshold() : cacheThreshold;
        String algorithm = threshold > 0 ? solver + "+velocity-cache:" + threshold : solver;
        if (threshold > 0) {
            scheduler = new VelocityCache(scheduler, threshold);
        }
        int firstStep = resume(job, shape, algorithm, scheduler, x);
        StepHooks.ForJob jobHooks = hooks.forJob(job, algorithm, scheduler, shape, x, moved);
        try {
            batcher.submit(new StepBatcher.Job(x, shape, text, (float) job.guidanceScale(), scheduler, jobHooks, firstStep))
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StopAndCheckpoint stop) {
                jobHooks.stopped(stop);
                return new Stopped(stop.reason());
            }
            throw e;
        }
        // Without the cache every step evaluates the transformer once (one guided pair).
        int calls = scheduler instanceof VelocityCache cache ? cache.modelCalls() : job.steps();
        return new Finished(Tensor.f16(new long[] {1, shape[0], shape[1], shape[2], shape[3]}, x), calls);
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
