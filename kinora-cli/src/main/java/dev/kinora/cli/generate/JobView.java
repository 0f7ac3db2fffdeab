package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The parts of GET /v1/videos/{id} the CLI shows, from Kinora's extension fields of the video
 * object (state, step, steps) and its error; unknown fields are ignored.
 */
public record JobView(String jobId, String state, int step, int steps, Optional<ApiError> error) {

    public static JobView of(String jobId, JsonNode json) {
        JsonNode error = json.path("error");
        return new JobView(
                json.path("id").asText(jobId),
                json.path("state").asText("UNKNOWN"),
                json.path("step").asInt(0),
                json.path("steps").asInt(0),
                error.isObject() ? Optional.of(ApiError.of(error)) : Optional.empty());
    }

    public boolean isCompleted() {
        return "COMPLETED".equals(state);
    }

    public boolean isFailed() {
        return "FAILED".equals(state);
    }
}
