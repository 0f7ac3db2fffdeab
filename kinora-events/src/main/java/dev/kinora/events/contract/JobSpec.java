package dev.kinora.events.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted job with every parameter resolved (defaults applied, seed chosen), carried by every
 * internal record so that each stage is self-contained. {@code stageMillis} grows as the job moves.
 */
public record JobSpec(
        String jobId,
        String requestId,
        String prompt,
        String negativePrompt,
        int width,
        int height,
        int frames,
        int fps,
        int steps,
        String scheduler,
        double guidanceScale,
        long seed,
        String model,
        String modelVersion,
        String modelSha256,
        Map<String, Object> metadata,
        Instant acceptedAt,
        Instant deadline,
        Map<String, Long> stageMillis) {

    public JobSpec {
        metadata = metadata == null ? Map.of() : metadata;
        stageMillis = stageMillis == null ? Map.of() : Map.copyOf(stageMillis);
    }

    /** True once the job's deadline (if it has one) has passed. */
    public boolean pastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /** A copy that records how long {@code stage} took, in milliseconds. */
    public JobSpec withStageMillis(String stage, long millis) {
        Map<String, Long> timings = new LinkedHashMap<>(stageMillis);
        timings.put(stage, millis);
        return new JobSpec(jobId, requestId, prompt, negativePrompt, width, height, frames, fps, steps,
                scheduler, guidanceScale, seed, model, modelVersion, modelSha256, metadata, acceptedAt, deadline, timings);
    }
}
