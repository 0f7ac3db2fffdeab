package dev.kinora.prompt.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.JobState;
import dev.kinora.events.contract.JobStatus;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoCompleted;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAI's {@code video} object for one job, followed by Kinora's extension fields (camelCase),
 * which OpenAI's SDKs keep as additional properties.
 */
@Schema(name = "Video", description = "A video job: OpenAI's video object plus Kinora's extension fields.")
public record VideoObject(
        @Schema(description = "The video's id (Kinora's job id).") String id,
        @Schema(description = "Always \"video\".") String object,
        @Schema(description = "queued, in_progress, completed or failed.") String status,
        @Schema(description = "Percent done, 0 to 100; denoising steps make up most of it.") int progress,
        @JsonProperty("created_at") @Schema(description = "When the job was accepted, Unix seconds.") long createdAt,
        @JsonProperty("completed_at") @Schema(description = "When the video was stored, Unix seconds.", nullable = true)
        Long completedAt,
        @JsonProperty("expires_at")
        @Schema(description = "When the stored video expires, Unix seconds; null: kept until deleted.", nullable = true)
        Long expiresAt,
        @Schema(description = "The model bundle's name.") String model,
        @Schema(description = "The text prompt.") String prompt,
        @Schema(description = "Duration in seconds, as a string (frames = 1 + seconds * fps).") String seconds,
        @Schema(description = "Resolution as WIDTHxHEIGHT.") String size,
        @JsonProperty("remixed_from_video_id") @Schema(description = "The video this one remixes.", nullable = true)
        String remixedFromVideoId,
        @Schema(description = "Why the job failed.", nullable = true) Error error,
        @Schema(description = "Kinora: the job id (same as id).") String jobId,
        @Schema(description = "Kinora: the request id (idempotency key).") String requestId,
        @Schema(description = "Kinora: QUEUED, ENCODING, DENOISING, DECODING, STORING, COMPLETED or FAILED.")
        JobStatus state,
        @Schema(description = "Kinora: the stage the job is in.", nullable = true) Stage stage,
        @Schema(description = "Kinora: denoising steps done.") int step,
        @Schema(description = "Kinora: denoising steps in all.") int steps,
        @Schema(description = "Kinora: every generation parameter as resolved (seed, steps, frames, ...).")
        Map<String, Object> parameters,
        @Schema(description = "Kinora: the request's metadata, passed through.") Map<String, Object> metadata,
        @Schema(description = "Kinora: the video.completed event (object keys, presigned URLs, timings); "
                + "docs/events.md describes its fields.", type = SchemaType.OBJECT, implementation = Map.class,
                nullable = true)
        VideoCompleted result,
        @Schema(description = "Kinora: where GET content serves the MP4, once completed.", nullable = true)
        String contentUrl,
        @Schema(description = "Kinora: when the job last changed.") Instant updatedAt) {

    @Schema(name = "VideoError", description = "Why a video failed.")
    public record Error(
            @Schema(description = "Kinora's reason code, e.g. INVALID_REQUEST, TIMEOUT, CANCELLED.") String code,
            @Schema(description = "Words for a person.") String message) {}

    /** @param baseUrl this service's base URL as the caller reached it, ending in '/' */
    public static VideoObject of(JobState s, String baseUrl) {
        JobSpec job = s.job();
        VideoCompleted done = s.result();
        return new VideoObject(s.jobId(), "video", status(s.state()), progress(s), epochSeconds(job.acceptedAt()),
                done == null ? null : epochSeconds(done.completedAt()), null, job.model(), job.prompt(),
                VideoShape.seconds(job.frames(), job.fps()), VideoShape.size(job.width(), job.height()),
                s.remixedFromVideoId(),
                s.error() == null ? null : new Error(s.error().reason().name(), s.error().message()),
                s.jobId(), s.requestId(), s.state(), s.stage(), s.step(), s.steps(), parameters(job), job.metadata(),
                done, done == null ? null : baseUrl + "v1/videos/" + s.jobId() + "/content", s.updatedAt());
    }

    static String status(JobStatus state) {
        return switch (state) {
            case QUEUED -> "queued";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            default -> "in_progress";
        };
    }

    /** Encoding a few percent, denoising (the long part) up to 90, decoding and storing the rest. */
    static int progress(JobState s) {
        return switch (s.stage() == null ? Stage.ENCODE : s.stage()) {
            case ENCODE -> s.state() == JobStatus.QUEUED ? 0 : 5;
            case DENOISE -> 10 + (s.steps() == 0 ? 0 : 80 * Math.min(s.step(), s.steps()) / s.steps());
            case DECODE -> 92;
            case STORE -> s.state() == JobStatus.COMPLETED ? 100 : 97;
        };
    }

    private static Map<String, Object> parameters(JobSpec job) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("negativePrompt", job.negativePrompt());
        p.put("width", job.width());
        p.put("height", job.height());
        p.put("frames", job.frames());
        p.put("fps", job.fps());
        p.put("steps", job.steps());
        p.put("scheduler", job.scheduler());
        p.put("guidanceScale", job.guidanceScale());
        p.put("cacheThreshold", job.cacheThreshold());
        p.put("seed", job.seed());
        p.put("modelVersion", job.modelVersion());
        return p;
    }

    private static long epochSeconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }
}
