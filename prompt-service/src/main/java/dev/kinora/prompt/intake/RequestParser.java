package dev.kinora.prompt.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.kinora.events.EventJson;
import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.ReasonCode;
import java.io.IOException;
import java.util.List;

/** Strict JSON → request: wrong types and malformed JSON are rejected with the field that is wrong. */
public final class RequestParser {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestParser() {}

    public static GenerationRequest parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "request body is empty", List.of());
        }
        if (json.length > MAX_BODY_BYTES) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "request is " + json.length + " bytes; at most "
                    + MAX_BODY_BYTES, List.of());
        }
        try {
            GenerationRequest request = EventJson.read(json, GenerationRequest.class);
            if (request == null) {
                throw new RequestRejected(ReasonCode.INVALID_REQUEST, "request is JSON null", List.of());
            }
            return request;
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "(body)" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            String what = e instanceof InvalidFormatException ife ? "has a value of the wrong type: " + ife.getValue()
                    : "has the wrong type or shape";
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, field + " " + what,
                    List.of(new RequestRejected.FieldError(field, what)));
        } catch (JsonProcessingException e) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "request is not valid JSON: "
                    + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "request cannot be read: " + e.getMessage(), List.of());
        }
    }
}
