package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service's error: a reason code a script can match on, and words for a person. prompt-service
 * answers in OpenAI's envelope ({@code {"error": {"code", "message"}}}), storage-service with
 * {@code {"reason", "message"}}.
 */
public record ApiError(String reason, String message) {

    static ApiError of(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isObject()) {
            return new ApiError(error.path("code").asText("UNKNOWN"), error.path("message").asText(""));
        }
        return new ApiError(json.path("reason").asText("UNKNOWN"), json.path("message").asText(""));
    }

    /** Whether {@code json} is an error in either shape. */
    static boolean isError(JsonNode json) {
        return json != null && (json.path("error").isObject() || json.has("reason"));
    }

    @Override
    public String toString() {
        return message.isEmpty() ? reason : reason + ": " + message;
    }
}
