package dev.kinora.platform;

import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one stage of one job: announces the stage, times it, and turns any failure into exactly
 * one {@code video.failed} event before the record is handed to the dead-letter queue.
 */
@ApplicationScoped
public class StageRunner {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @Inject
    ClaimCheck claims;

    @Inject
    Cancellations cancellations;

    /** Attempts of a stage's work before a transient failure fails the job (10 ≈ 1 min of outage). */
    @ConfigProperty(name = "kinora.stage.retry.max-attempts", defaultValue = "10")
    int retryMaxAttempts;

    @ConfigProperty(name = "kinora.stage.retry.initial-backoff", defaultValue = "PT0.5S")
    Duration retryInitialBackoff;

    @ConfigProperty(name = "kinora.stage.retry.max-backoff", defaultValue = "PT8S")
    Duration retryMaxBackoff;

    /** The work of a stage on its decoded input, with a clock to stamp its own timing on the output. */
    @FunctionalInterface
    public interface Work<T> {
        void run(T input, JobSpec job, StageClock clock) throws Exception;
    }

    /** Milliseconds since the stage began, for the timing the stage records on its output. */
    public record StageClock(Stage stage, long startNanos) {
        public JobSpec stamp(JobSpec job) {
            return job.withStageMillis(stage.key(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        }
    }

    /**
     * For tensor topics: resolves the record's payload (inline or claim-checked), decodes it with
     * {@code decode}, then runs {@code work}.
     */
    public <T> void runTask(Stage stage, ConsumerRecord<String, byte[]> record, Function<byte[], T> decode,
            Function<T, JobSpec> jobOf, Work<T> work) {
        run(stage, record.key(), () -> decode.apply(claims.resolve(record.value(), record.headers())), jobOf, work);
    }

    /**
     * Decodes the record with {@code read}, then runs {@code work}. A record that cannot be decoded
     * fails the job named by its key.
     */
    public <T> void run(Stage stage, String key, Supplier<T> read, Function<T, JobSpec> jobOf, Work<T> work) {
        T input;
        JobSpec job;
        try {
            input = read.get();
            job = jobOf.apply(input);
        } catch (RuntimeException e) {
            // Without a readable job we still owe the caller an outcome: fail it by its key.
            LOG.errorf("%s: record for job %s is unreadable: %s", stage.key(), key, e.getMessage());
            publisher.failed(unreadable(key), FailureClassifier.reasonFor(e), e.getMessage(), stage);
            throw e;
        }
        Timer.Sample sample = Timer.start(registry);
        try {
            cancellations.throwIfCancelled(job.jobId());
            Deadlines.throwIfPast(job);
            publisher.progress(job, stage, 0, job.steps());
            runWithRetries(stage, input, job, work);
            sample.stop(timer(stage, "completed"));
        } catch (Exception e) {
            ReasonCode reason = FailureClassifier.reasonFor(e);
            publisher.failed(job, reason, String.valueOf(e.getMessage()), stage);
            if (reason == ReasonCode.CANCELLED || reason == ReasonCode.TIMEOUT) {
                // The job ends here by request; its record is finished, not poison, so it is acknowledged.
                sample.stop(timer(stage, reason == ReasonCode.CANCELLED ? "cancelled" : "timeout"));
                LOG.infof("%s: job %s ended: %s", stage.key(), job.jobId(), reason);
                return;
            }
            sample.stop(timer(stage, "failed"));
            LOG.errorf(e, "%s: job %s failed", stage.key(), job.jobId());
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Runs the work, again after a transient failure (store or broker unreachable), with backoff
     * doubling up to a cap; the output is only published at the end of the work, so a retry
     * cannot publish twice.
     */
    private <T> void runWithRetries(Stage stage, T input, JobSpec job, Work<T> work) throws Exception {
        Duration backoff = retryInitialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                work.run(input, job, new StageClock(stage, System.nanoTime()));
                return;
            } catch (Exception e) {
                if (attempt >= retryMaxAttempts || !FailureClassifier.isTransient(e)) {
                    throw e;
                }
                registry.counter("kinora_stage_retries_total", "stage", stage.key()).increment();
                LOG.warnf("%s: job %s hit a transient failure (attempt %d of %d), retrying in %d ms: %s",
                        stage.key(), job.jobId(), attempt, retryMaxAttempts, backoff.toMillis(), e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(retryMaxBackoff) > 0 ? retryMaxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private Timer timer(Stage stage, String outcome) {
        return Timer.builder("kinora_stage_seconds")
                .description("Time a stage spends on one job")
                .tag("stage", stage.key())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    private static JobSpec unreadable(String key) {
        return JobSpec.builder().jobId(key).build();
    }
}
