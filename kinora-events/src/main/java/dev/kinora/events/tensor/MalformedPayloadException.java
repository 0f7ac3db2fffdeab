package dev.kinora.events.tensor;

/** A payload that cannot be decoded; it will never decode on retry, so it is a permanent failure. */
public final class MalformedPayloadException extends RuntimeException {
    public MalformedPayloadException(String message) {
        super(message);
    }
}
