package dev.kinora.events.contract;

import java.time.Instant;
import java.util.Map;

/**
 * Published on {@code video.completed}: where the video is and how it was made. {@code spritesheet}
 * (a grid of frames) is null on events from before it existed; so is {@code transformerCalls} (the
 * guided transformer evaluations the denoiser made, fewer than the steps when step caching skipped some).
 */
public record VideoCompleted(
        String jobId,
        String requestId,
        StoredObject video,
        StoredObject poster,
        StoredObject spritesheet,
        StoredObject metadataObject,
        int width,
        int height,
        int frames,
        int fps,
        double durationSeconds,
        long seed,
        String model,
        String modelVersion,
        Map<String, Long> stageMillis,
        Integer transformerCalls,
        Map<String, Object> metadata,
        Instant acceptedAt,
        Instant completedAt) {}
