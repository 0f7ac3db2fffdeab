package dev.kinora.prompt.intake;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.JobState;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.model.ModelBundle;
import dev.kinora.platform.EventPublisher;
import dev.kinora.prompt.policy.PolicyGate;
import dev.kinora.prompt.registry.JobRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way a request becomes a job, for Kafka and REST alike: idempotent on requestId,
 * validated against the bundle, recorded on kinora.jobs, then handed to kinora.encode.
 */
@ApplicationScoped
public class JobIntake {

    /** What became of a request: the job (new or the earlier one with the same requestId). */
    public record Accepted(JobState job, boolean duplicate) {}

    @Inject
    JobRegistry registry;

    @Inject
    EventPublisher publisher;

    @Inject
    ModelBundle bundle;

    @Inject
    MeterRegistry metrics;

    @Inject
    PromptTokenLimit tokenLimit;

    @Inject
    PolicyGate policy;

    /** Accepts the request for the default tenant or throws {@link RequestRejected}. */
    public Accepted submit(GenerationRequest request) {
        return submit(request, JobState.DEFAULT_TENANT, null);
    }

    /**
     * Accepts the request as {@code tenant}'s job (idempotent per tenant and requestId), recording
     * the video it remixes if any, or throws {@link RequestRejected}. Checks run outside the lock (the
     * policy may call a moderation service); registering re-checks the requestId under it.
     */
    public Accepted submit(GenerationRequest request, String tenant, String remixedFromVideoId) {
        String requestId = request.requestId() == null || request.requestId().isBlank()
                ? UUID.randomUUID().toString() : request.requestId();
        Optional<Accepted> earlier = earlier(tenant, requestId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        JobSpec job;
        try {
            job = new RequestValidator(bundle).validate(request, JobIds.next(), requestId);
            tokenLimit.check(job);
            policy.screen(job);
        } catch (RequestRejected e) {
            metrics.counter("kinora_requests_total", "outcome", "rejected", "reason", e.reason().name()).increment();
            throw e;
        }
        return register(job, tenant, remixedFromVideoId);
    }

    private synchronized Accepted register(JobSpec job, String tenant, String remixedFromVideoId) {
        Optional<Accepted> earlier = earlier(tenant, job.requestId());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        JobState queued = JobState.queued(job, tenant, remixedFromVideoId);
        registry.put(queued);
        publisher.publishJson(Topics.JOBS, job.jobId(), CloudEventHeaders.TYPE_JOB_STATE, queued);
        publisher.publishJson(Topics.ENCODE, job.jobId(), CloudEventHeaders.TYPE_STAGE_TASK, job);
        metrics.counter("kinora_requests_total", "outcome", "accepted", "reason", "none").increment();
        return new Accepted(queued, false);
    }

    /** The job an earlier request of this tenant with this requestId became, if any: the same job again. */
    private Optional<Accepted> earlier(String tenant, String requestId) {
        return registry.byRequestId(tenant, requestId).map(job -> {
            metrics.counter("kinora_requests_total", "outcome", "duplicate", "reason", "none").increment();
            return new Accepted(job, true);
        });
    }

    /**
     * A request from Kafka that cannot become a job still gets its one outcome, on video.failed,
     * so the producer learns why; the REST path answers with the error instead.
     */
    public void rejectFromKafka(String requestId, Map<String, Object> metadata, RequestRejected e) {
        String jobId = JobIds.next();
        VideoFailed failed = new VideoFailed(jobId, requestId, e.reason(), e.getMessage(), "intake",
                metadata == null ? Map.of() : metadata, Instant.now());
        publisher.failed(failed);
    }
}
