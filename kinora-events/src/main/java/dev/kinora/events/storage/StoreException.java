package dev.kinora.events.storage;

/** The object store could not be reached or refused a call; usually transient, so retried. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
