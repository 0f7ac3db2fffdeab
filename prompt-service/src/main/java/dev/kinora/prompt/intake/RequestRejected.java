package dev.kinora.prompt.intake;

import dev.kinora.events.contract.ReasonCode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A request that cannot become a job, with the reason code and each offending field. */
public final class RequestRejected extends RuntimeException {

    /** One field's problem, for callers that build forms or fix their producers. */
    public record FieldError(@Schema(description = "The request field at fault.") String field,
            @Schema(description = "What is wrong with it.") String message) {}

    private final ReasonCode reason;
    private final List<FieldError> fields;

    public RequestRejected(ReasonCode reason, String message, List<FieldError> fields) {
        super(message);
        this.reason = reason;
        this.fields = List.copyOf(fields);
    }

    public ReasonCode reason() {
        return reason;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
