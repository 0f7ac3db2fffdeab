package dev.kinora.prompt.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What DELETE answers, as OpenAI's SDKs expect it. */
@Schema(description = "A deleted video.")
public record VideoDeleted(
        @Schema(description = "The deleted video's id.") String id,
        @Schema(description = "Always \"video.deleted\".") String object,
        @Schema(description = "Always true.") boolean deleted) {}
