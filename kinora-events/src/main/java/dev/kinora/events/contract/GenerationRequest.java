package dev.kinora.events.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * What an upstream system asks for, on {@code video.requests} or {@code POST /v1/videos}. Every
 * field but {@code prompt} is optional: defaults come from the model bundle.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationRequest(
        String requestId,
        String prompt,
        String negativePrompt,
        Integer width,
        Integer height,
        Integer frames,
        Double durationSeconds,
        Integer fps,
        Integer steps,
        String scheduler,
        Double guidanceScale,
        Double cacheThreshold,
        Long seed,
        String model,
        Map<String, Object> metadata,
        Instant deadline) {}
