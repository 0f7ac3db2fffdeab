package dev.kinora.platform;

import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.tensor.MalformedPayloadException;

/** Maps what went wrong in a stage to the reason code a caller sees on {@code video.failed}. */
public final class FailureClassifier {

    private FailureClassifier() {}

    public static ReasonCode reasonFor(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StageFailure f) {
                return f.reason();
            }
            if (t instanceof MalformedPayloadException) {
                return ReasonCode.CORRUPT_PAYLOAD;
            }
        }
        return ReasonCode.INTERNAL;
    }
}
