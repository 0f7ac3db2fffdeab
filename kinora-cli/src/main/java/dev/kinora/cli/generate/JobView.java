package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The parts of GET /v1/videos/{id} the CLI shows, from Kinora's extension fields of the video
 * object (state, step, steps, the result's transformer calls) and its error; unknown fields are ignored.
 */
public record JobView(String jobId, String state, int step, int steps, Optional<Integer> transformerCalls,
        Optional<ApiError> error) {

    public static JobView of(String jobId, JsonNode json) {
        JsonNode error = json.path("error");
        JsonNode calls = json.path("result").path("transformerCalls");
        return new JobView(
                json.path("id").asText(jobId),
                json.path("state").asText("UNKNOWN"),
                json.path("step").asInt(0),
                json.path("steps").asInt(0),
                calls.isInt() ? Optional.of(calls.asInt()) : Optional.empty(),
                error.isObject() ? Optional.of(ApiError.of(error)) : Optional.empty());
    }

    public boolean isCompleted() {
        return "COMPLETED".equals(state);
    }

    public boolean isFailed() {
        return "FAILED".equals(state);
    }
}
