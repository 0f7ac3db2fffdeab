package dev.kinora.events.contract;

import java.time.Instant;
import java.util.Map;

/** Published on {@code video.progress} when a job enters a stage and per denoising step. */
public record VideoProgress(
        String jobId,
        String requestId,
        Stage stage,
        int step,
        int steps,
        Map<String, Object> metadata,
        Instant time) {

    public static VideoProgress of(JobSpec job, Stage stage, int step, int steps) {
        return new VideoProgress(job.jobId(), job.requestId(), stage, step, steps, job.metadata(), Instant.now());
    }
}
