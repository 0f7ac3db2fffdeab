package dev.kinora.events.contract;

/** Where a job stands, as {@code GET /v1/videos/{id}} and {@code kinora.jobs} report it. */
public enum JobStatus {
    QUEUED,
    ENCODING,
    DENOISING,
    DECODING,
    STORING,
    COMPLETED,
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    public static JobStatus of(Stage stage) {
        return switch (stage) {
            case ENCODE -> ENCODING;
            case DENOISE -> DENOISING;
            case DECODE -> DECODING;
            case STORE -> STORING;
        };
    }
}
