package dev.kinora.provenance;

/** A manifest that does not verify, or a file that does not match it; the message says which. */
public final class ProvenanceException extends Exception {
    public ProvenanceException(String message) {
        super(message);
    }

    public ProvenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
