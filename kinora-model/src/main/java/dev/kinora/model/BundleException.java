package dev.kinora.model;

/** A bundle that is missing, malformed or does not match its manifest: the service must not start. */
public final class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
