package dev.kinora.events.contract;

import java.time.Instant;

/** The latest state of one job, kept on the compacted {@code kinora.jobs} topic (key = job id). */
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
        Instant updatedAt) {

    public static JobState queued(JobSpec job) {
        return new JobState(job.jobId(), job.requestId(), JobStatus.QUEUED, null, 0, job.steps(), job, null, null,
                Instant.now());
    }

    public JobState progressed(VideoProgress p) {
        if (state.terminal()) {
            return this;
        }
        return new JobState(jobId, requestId, JobStatus.of(p.stage()), p.stage(), p.step(), p.steps(), job, null, null,
                p.time());
    }

    public JobState completed(VideoCompleted c) {
        return new JobState(jobId, requestId, JobStatus.COMPLETED, Stage.STORE, steps, steps, job, c, null,
                c.completedAt());
    }

    public JobState failed(VideoFailed f) {
        if (state.terminal()) {
            return this;
        }
        return new JobState(jobId, requestId, JobStatus.FAILED, stage, step, steps, job, null, f, f.failedAt());
    }
}
