package dev.kinora.prompt.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The fields of {@code POST /v1/videos}, for the OpenAPI document: the endpoint itself reads the
 * body with {@link CreateRequests}, so Kafka and REST share the strict parser.
 */
@Schema(name = "CreateVideoRequest", description = "A video to make: OpenAI's fields, then Kinora's extensions.")
public record CreateVideoBody(
        @Schema(description = "What the video shows.", required = true) String prompt,
        @Schema(description = "The model; only the bundle's (tiny-shapes) is served.") String model,
        @Schema(description = "Duration: \"2\" or \"4\" (the bundle's frame buckets at its fps).") String seconds,
        @Schema(description = "WIDTHxHEIGHT: 64x64, 96x64 or 64x96.") String size,
        @JsonProperty("input_reference")
        @Schema(description = "An image to start from; answers 400 MODE_NOT_AVAILABLE until image input exists.")
        Object inputReference,
        @Schema(description = "Kinora: idempotency key (per tenant); a repeat answers the earlier job.") String requestId,
        @Schema(description = "Kinora: what the video should not show.") String negativePrompt,
        @Schema(description = "Kinora: the noise seed (random when absent).") Long seed,
        @Schema(description = "Kinora: denoising steps, 1 to 100.") Integer steps,
        @Schema(description = "Kinora: classifier-free guidance scale, 0 to 30.") Double guidanceScale,
        @Schema(description = "Kinora: flow-euler or flow-dpm++2m.") String scheduler,
        @Schema(description = "Kinora: step caching, 0 (off) to 1: while the latents changed less than this since the "
                + "transformer last ran, its last velocity is reused (the deployment's default when absent).")
        Double cacheThreshold,
        @Schema(description = "Kinora: width in pixels (instead of size).") Integer width,
        @Schema(description = "Kinora: height in pixels (instead of size).") Integer height,
        @Schema(description = "Kinora: frame count, 1 to 33 (instead of seconds).") Integer frames,
        @Schema(description = "Kinora: frames per second, 1 to 60.") Integer fps,
        @Schema(description = "Kinora: passed through to every event of the job (at most 16 KiB).")
        Map<String, Object> metadata,
        @Schema(description = "Kinora: past this instant the job ends as TIMEOUT.") Instant deadline) {

    /** {@code POST /v1/videos/{id}/remix}. */
    @Schema(name = "RemixVideoRequest", description = "A remix: the new prompt; everything else is the source's.")
    public record Remix(
            @Schema(description = "The new prompt.", required = true) String prompt,
            @Schema(description = "Kinora: idempotency key (per tenant).") String requestId,
            @Schema(description = "Kinora: passed through to every event of the job.") Map<String, Object> metadata,
            @Schema(description = "Kinora: past this instant the job ends as TIMEOUT.") Instant deadline) {}
}
