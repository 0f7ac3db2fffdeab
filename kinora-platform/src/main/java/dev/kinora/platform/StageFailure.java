package dev.kinora.platform;

import dev.kinora.events.contract.ReasonCode;

/** A failure whose reason is known where it happens (for example a prompt that is too long). */
public final class StageFailure extends RuntimeException {

    private final ReasonCode reason;

    public StageFailure(ReasonCode reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StageFailure(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
