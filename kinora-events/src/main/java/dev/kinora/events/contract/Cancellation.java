package dev.kinora.events.contract;

/** Published on {@code video.cancellations} by upstream systems or {@code DELETE /v1/videos/{id}}. */
public record Cancellation(String jobId, String reason) {}
