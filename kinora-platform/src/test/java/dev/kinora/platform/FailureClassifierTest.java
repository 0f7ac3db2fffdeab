package dev.kinora.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.storage.StoreException;
import dev.kinora.events.tensor.MalformedPayloadException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void outagesAreTransientAndBadInputIsNot() {
        assertTrue(FailureClassifier.isTransient(new StoreException("down", new ConnectException("refused"))));
        assertTrue(FailureClassifier.isTransient(new IllegalStateException(new TimeoutException("broker"))));
        assertFalse(FailureClassifier.isTransient(new MalformedPayloadException("bad")));
        assertFalse(FailureClassifier.isTransient(new StageFailure(ReasonCode.PROMPT_TOO_LONG, "long")));
        assertFalse(FailureClassifier.isTransient(new IllegalArgumentException("bug")));
    }

    @Test
    void reasonsComeFromTheFailure() {
        assertEquals(ReasonCode.CORRUPT_PAYLOAD, FailureClassifier.reasonFor(new RuntimeException(new MalformedPayloadException("x"))));
        assertEquals(ReasonCode.CANCELLED, FailureClassifier.reasonFor(new StageFailure(ReasonCode.CANCELLED, "c")));
        assertEquals(ReasonCode.INTERNAL, FailureClassifier.reasonFor(new IllegalStateException("?")));
    }
}
