package dev.kinora.denoiser.pipeline;

import dev.kinora.denoiser.model.StepListener;
import dev.kinora.denoiser.model.StopAndCheckpoint;
import dev.kinora.denoiser.model.StopReason;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.Stage;
import dev.kinora.platform.Cancellations;
import dev.kinora.platform.Deadlines;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.ProgressThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the denoiser does between two steps of a job, and when a job stops part-way. One
 * {@link ForJob} per job; this bean holds the services they share.
 */
@ApplicationScoped
public class StepHooks {

    private static final Logger LOG = Logger.getLogger(StepHooks.class);

    /** How long a stopping job waits for its last checkpoint before it is handed on without one. */
    private static final Duration STOP_CHECKPOINT_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @Inject
    Cancellations cancellations;

    @Inject
    LatentCheckpoints checkpoints;

    /** Least time between two progress events of one job (the first and last step always go out). */
    @ConfigProperty(name = "kinora.progress.min-interval", defaultValue = "PT0.25S")
    Duration progressInterval;

    /**
     * The hooks of one job whose latents {@code x} the {@code scheduler} ({@code algorithm}) moves
     * step by step; {@code moved} tells when the job's partition went to another replica.
     */
    public ForJob forJob(JobSpec job, String algorithm, Scheduler scheduler, long[] shape, float[] x, BooleanSupplier moved) {
        return new ForJob(job, algorithm, scheduler, shape, x, moved);
    }

    /** One job's hooks. */
    public final class ForJob implements StepListener {
        private final JobSpec job;
        private final String algorithm;
        private final Scheduler scheduler;
        private final long[] shape;
        private final float[] x;
        private final BooleanSupplier moved;
        private final Counter steps = registry.counter("kinora_denoise_steps_total");
        private final ProgressThrottle progress = new ProgressThrottle(progressInterval);

        private ForJob(JobSpec job, String algorithm, Scheduler scheduler, long[] shape, float[] x, BooleanSupplier moved) {
            this.job = job;
            this.algorithm = algorithm;
            this.scheduler = scheduler;
            this.shape = shape;
            this.x = x;
            this.moved = moved;
        }

        /**
         * In order: count the step, publish throttled progress, fail the job if it was cancelled or
         * is past its deadline, stop it if its partition moved, and write a checkpoint when one is due.
         */
        @Override
        public void afterStep(int step, int total) {
            steps.increment();
            if (progress.shouldPublish(step, total)) {
                publisher.progress(job, Stage.DENOISE, step, total);
            }
            cancellations.throwIfCancelled(job.jobId()); // takes effect between steps
            Deadlines.throwIfPast(job);
            if (step < total && moved.getAsBoolean()) {
                throw new StopAndCheckpoint(StopReason.PARTITION_MOVED, step);
            }
            if (checkpoints.due(step, total)) {
                checkpoints.save(job.jobId(), algorithm, step, total, shape, x, scheduler.carriedState());
            }
        }

        /** The job stopped before it finished: its progress so far is kept for whoever goes on with it. */
        public void stopped(StopAndCheckpoint stop) {
            if (stop.step() > 0) {
                try {
                    checkpoints.save(job.jobId(), algorithm, stop.step(), job.steps(), shape, x, scheduler.carriedState())
                            .get(STOP_CHECKPOINT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warnf("job %s: checkpoint at hand-back not written, it will start over: %s", job.jobId(),
                            e.getMessage());
                }
            }
            LOG.infof("job %s handed back at step %d of %d (%s)", job.jobId(), stop.step(), job.steps(),
                    stop.reason().label());
            registry.counter("kinora_denoise_handed_back_total", "reason", stop.reason().label()).increment();
        }
    }
}
