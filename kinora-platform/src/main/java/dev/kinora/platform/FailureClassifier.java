package dev.kinora.platform;

import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.storage.StoreException;
import dev.kinora.events.tensor.MalformedPayloadException;

/** Maps what went wrong in a stage to the reason code a caller sees on {@code video.failed}. */
public final class FailureClassifier {

    private FailureClassifier() {}

    /**
     * True for failures that may pass on their own (object store or broker unreachable, a timeout):
     * the stage retries these with backoff before it gives the job up.
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StageFailure || t instanceof MalformedPayloadException) {
                return false;
            }
            if (t instanceof StoreException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

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
