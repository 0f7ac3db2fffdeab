package dev.kinora.prompt.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kinora.prompt.intake.RequestRejected;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAI's error envelope, {@code {"error": {"message", "type", "param", "code"}}}: {@code code}
 * carries Kinora's reason code (e.g. UNSUPPORTED_SIZE), and a rejected request also lists every
 * bad field in {@code fields}.
 */
@Schema(description = "OpenAI's error envelope.")
public record ApiError(@Schema(description = "What went wrong.") Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One error.")
    public record Body(
            @Schema(description = "Words for a person.") String message,
            @Schema(description = "invalid_request_error for the caller's mistakes, server_error for Kinora's.")
            String type,
            @Schema(description = "The request field at fault, if one is.", nullable = true) String param,
            @Schema(description = "Kinora's reason code, e.g. UNSUPPORTED_SIZE, NOT_FOUND, MODE_NOT_AVAILABLE.")
            String code,
            @Schema(description = "Kinora extension: every bad field of a rejected request.", nullable = true)
            List<RequestRejected.FieldError> fields) {}

    static Response response(int status, String code, String message, String param) {
        return response(status, new Body(message, typeOf(status), param, code, null));
    }

    static Response response(RequestRejected e) {
        String param = e.fields().isEmpty() ? null : e.fields().get(0).field();
        return response(400, new Body(e.getMessage(), typeOf(400), param, e.reason().name(), e.fields()));
    }

    private static Response response(int status, Body body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(body)).build();
    }

    private static String typeOf(int status) {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
