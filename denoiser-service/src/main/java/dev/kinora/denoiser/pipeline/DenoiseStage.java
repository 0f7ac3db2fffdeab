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
import dev.kinora.platform.StageRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** kinora.denoise → seeded noise, guided flow sampling → kinora.decode, a progress event per step. */
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

    /** Solver to use instead of the bundle's: {@code flow-euler} or {@code flow-dpm++2m}. */
    @ConfigProperty(name = "kinora.denoiser.scheduler")
    Optional<String> schedulerOverride;

    @Incoming("denoise-tasks")
    @Blocking(value = "denoise-pool", ordered = false)
    public void onDenoiseTask(ConsumerRecord<String, byte[]> record) {
        runner.runTask(Stage.DENOISE, record, DenoiseTask::decode,
                DenoiseTask::job, (task, job, clock) -> {
                    Tensor latents = denoise(task);
                    DecodeTask out = new DecodeTask(clock.stamp(job), latents);
                    publisher.publishTask(Topics.DECODE, Stage.DECODE, job.jobId(), out.encode());
                    checkpoints.remove(job.jobId());
                });
    }

    private Tensor denoise(DenoiseTask task) {
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
        // Runs in the step batcher with whatever jobs of the same shape are denoising now.
        batcher.submit(new StepBatcher.Job(x, shape, text, (float) job.guidanceScale(), scheduler, (step, total) -> {
            steps.increment();
            publisher.progress(job, Stage.DENOISE, step, total);
            cancellations.throwIfCancelled(job.jobId()); // takes effect between steps
            Deadlines.throwIfPast(job);
            if (checkpoints.due(step, total)) {
                checkpoints.save(job.jobId(), algorithm, step, total, shape, x, scheduler.carriedState());
            }
        }, firstStep)).join();
        return Tensor.f16(new long[] {1, shape[0], shape[1], shape[2], shape[3]}, x);
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
