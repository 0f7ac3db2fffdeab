package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;

/** The services' error shape: a reason code a script can match on, and words for a person. */
public record ApiError(String reason, String message) {

    static ApiError of(JsonNode json) {
        return new ApiError(json.path("reason").asText("UNKNOWN"), json.path("message").asText(""));
    }

    @Override
    public String toString() {
        return message.isEmpty() ? reason : reason + ": " + message;
    }
}
