package dev.kinora.prompt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelBundle;
import dev.kinora.prompt.intake.RequestParser;
import dev.kinora.prompt.intake.RequestRejected;
import dev.kinora.prompt.intake.RequestValidator;
import dev.kinora.testkit.Bundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate: CONTENT_POLICY, one count per block, and an audit line with or without the prompt. */
class PolicyGateTest {

    static final ModelBundle BUNDLE = ModelBundle.open(Bundles.defaultBundle());
    static final String PROMPT = "a scene of v i o l e n c e by the river";

    final List<String> audit = new CopyOnWriteArrayList<>();
    final Logger auditLogger = Logger.getLogger("dev.kinora.prompt.policy.audit");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] params = record.getParameters();
            audit.add(params == null ? record.getMessage() : String.format(record.getMessage(), params));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        auditLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        auditLogger.removeHandler(capture);
    }

    static JobSpec job(String prompt) {
        return new RequestValidator(BUNDLE).validate(RequestParser.parse(("{\"prompt\":\"" + prompt + "\"}").getBytes()),
                "vid_gatetest00000000000001", "req-gate");
    }

    @Test
    void aBlockedPromptIsRefusedCountedAndAuditedWithoutItsText() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        PolicyGate gate = new PolicyGate(List.of(new BlockedTermsPolicy(BlockedTerms.builtIn())), false, metrics);
        RequestRejected e = assertThrows(RequestRejected.class, () -> gate.screen(job(PROMPT)));
        assertEquals(ReasonCode.CONTENT_POLICY, e.reason());
        assertEquals("prompt", e.fields().get(0).field());
        assertEquals(1.0, metrics.counter("kinora_policy_blocked_total", "source", "terms", "category", "violence").count());
        assertEquals(1, audit.size(), audit.toString());
        String line = audit.get(0);
        assertTrue(line.contains("requestId=req-gate") && line.contains("jobId=vid_gatetest00000000000001")
                && line.contains("category=violence") && line.contains("promptSha256="), line);
        assertFalse(line.contains("river") || line.contains("v i o"), "no prompt text: " + line);
    }

    @Test
    void theAuditLineCarriesThePromptOnlyWhenConfigured() {
        PolicyGate gate = new PolicyGate(List.of(new BlockedTermsPolicy(BlockedTerms.builtIn())), true,
                new SimpleMeterRegistry());
        assertThrows(RequestRejected.class, () -> gate.screen(job(PROMPT)));
        assertTrue(audit.get(0).contains("prompt=\"" + PROMPT + "\""), audit.get(0));
    }

    @Test
    void anAllowedPromptPassesSilently() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        PolicyGate gate = new PolicyGate(List.of(new BlockedTermsPolicy(BlockedTerms.builtIn())), false, metrics);
        gate.screen(job("a red circle shooting across the frame"));
        assertTrue(audit.isEmpty());
        assertTrue(metrics.find("kinora_policy_blocked_total").counters().isEmpty());
    }

    @Test
    void policiesRunInOrderAndTheFirstBlockDecides() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ContentPolicy allows = p -> {
            seen.add("first");
            return PolicyVerdict.allowed();
        };
        ContentPolicy blocks = p -> {
            seen.add("second");
            return PolicyVerdict.blocked("moderation-api", "violence", "categories=violence");
        };
        ContentPolicy never = p -> {
            seen.add("third");
            return PolicyVerdict.allowed();
        };
        PolicyGate gate = new PolicyGate(List.of(allows, blocks, never), false, new SimpleMeterRegistry());
        assertThrows(RequestRejected.class, () -> gate.screen(job("a red circle")));
        assertEquals(List.of("first", "second"), seen);
    }
}
