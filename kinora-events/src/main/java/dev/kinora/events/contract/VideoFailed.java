package dev.kinora.events.contract;

import java.time.Instant;
import java.util.Map;

/** Published on {@code video.failed}: the one terminal event of a job that did not produce a video. */
public record VideoFailed(
        String jobId,
        String requestId,
        ReasonCode reason,
        String message,
        String stage,
        Map<String, Object> metadata,
        Instant failedAt) {

    public static VideoFailed of(JobSpec job, ReasonCode reason, String message, String stage) {
        return new VideoFailed(job.jobId(), job.requestId(), reason, message, stage, job.metadata(), Instant.now());
    }
}
