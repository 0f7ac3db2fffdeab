package dev.kinora.events.contract;

import java.time.Instant;

/**
 * The latest state of one job, kept on the compacted {@code kinora.jobs} topic (key = job id).
 * {@code tenant} owns the job (null on records from before tenants: the default tenant);
 * {@code remixedFromVideoId} names the job it remixes; {@code deletedAt} marks a job its tenant
 * deleted, kept so that every replica (and a late outcome) knows it is gone.
 */
public record JobState(
        String jobId,
        String requestId,
        JobStatus state,
        Stage stage,
        int step,
        int steps,
        JobSpec job,
        VideoCompleted result,
        VideoFailed error,
        Instant updatedAt,
        String tenant,
        String remixedFromVideoId,
        Instant deletedAt) {

    public static final String DEFAULT_TENANT = "default";

    public JobState {
        tenant = tenant == null ? DEFAULT_TENANT : tenant;
    }

    public static JobState queued(JobSpec job) {
        return queued(job, DEFAULT_TENANT, null);
    }

    public static JobState queued(JobSpec job, String tenant, String remixedFromVideoId) {
        return new JobState(job.jobId(), job.requestId(), JobStatus.QUEUED, null, 0, job.steps(), job, null, null,
                Instant.now(), tenant, remixedFromVideoId, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public JobState progressed(VideoProgress p) {
        if (state.terminal()) {
            return this;
        }
        return new JobState(jobId, requestId, JobStatus.of(p.stage()), p.stage(), p.step(), p.steps(), job, null, null,
                p.time(), tenant, remixedFromVideoId, deletedAt);
    }

    public JobState completed(VideoCompleted c) {
        return new JobState(jobId, requestId, JobStatus.COMPLETED, Stage.STORE, steps, steps, job, c, null,
                c.completedAt(), tenant, remixedFromVideoId, deletedAt);
    }

    public JobState failed(VideoFailed f) {
        if (state.terminal()) {
            return this;
        }
        return new JobState(jobId, requestId, JobStatus.FAILED, stage, step, steps, job, null, f, f.failedAt(),
                tenant, remixedFromVideoId, deletedAt);
    }

    public JobState markedDeleted(Instant when) {
        return new JobState(jobId, requestId, state, stage, step, steps, job, result, error, when, tenant,
                remixedFromVideoId, when);
    }
}
