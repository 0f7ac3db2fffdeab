package dev.kinora.storage.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gate against a real broker: repeated outcome candidates become one public outcome per job. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class OutcomeGateTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OutcomeGate gate;

    @Test
    void passesOnlyTheFirstOutcomeOfEachJobAcrossAGateRestart() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            candidate(kafka, "vid_gate_a", CloudEventHeaders.TYPE_COMPLETED, "first");
            candidate(kafka, "vid_gate_a", CloudEventHeaders.TYPE_COMPLETED, "replayed");
            candidate(kafka, "vid_gate_a", CloudEventHeaders.TYPE_FAILED, "late failure");
            candidate(kafka, "vid_gate_b", CloudEventHeaders.TYPE_FAILED, "first");
            candidate(kafka, "vid_gate_b", CloudEventHeaders.TYPE_COMPLETED, "late completion");
            candidate(kafka, "vid_gate_c", CloudEventHeaders.TYPE_FAILED, "marker"); // sent last: once it is out, all are

            kafka.expect(Topics.VIDEO_FAILED, r -> r.key().equals("vid_gate_c"), 1, Duration.ofSeconds(60));
            assertOutcomes(kafka, "vid_gate_a", 1, 0, "first");
            assertOutcomes(kafka, "vid_gate_b", 0, 1, "first");

            // A new gate session knows the ended jobs only from what it reads back from the topics.
            gate.onStop(null);
            gate.onStart(null);
            candidate(kafka, "vid_gate_a", CloudEventHeaders.TYPE_COMPLETED, "after restart");
            candidate(kafka, "vid_gate_b", CloudEventHeaders.TYPE_FAILED, "after restart");
            candidate(kafka, "vid_gate_d", CloudEventHeaders.TYPE_FAILED, "marker");
            kafka.expect(Topics.VIDEO_FAILED, r -> r.key().equals("vid_gate_d"), 1, Duration.ofSeconds(60));
            assertOutcomes(kafka, "vid_gate_a", 1, 0, "first");
            assertOutcomes(kafka, "vid_gate_b", 0, 1, "first");
        }
    }

    private static void assertOutcomes(KafkaTestClient kafka, String jobId, int completed, int failed, String message)
            throws Exception {
        List<ConsumerRecord<String, byte[]>> done = kafka.await(Topics.VIDEO_COMPLETED, r -> r.key().equals(jobId), 2, Duration.ofSeconds(2));
        List<ConsumerRecord<String, byte[]>> lost = kafka.await(Topics.VIDEO_FAILED, r -> r.key().equals(jobId), 2, Duration.ofSeconds(2));
        assertEquals(completed, done.size(), jobId + " on video.completed");
        assertEquals(failed, lost.size(), jobId + " on video.failed");
        ConsumerRecord<String, byte[]> passed = done.isEmpty() ? lost.get(0) : done.get(0);
        assertEquals(message, EventJson.read(passed.value(), VideoFailed.class).message(), "the first candidate wins");
    }

    /** Both outcome kinds carry the same fields here: the gate routes by type header, not body. */
    private static void candidate(KafkaTestClient kafka, String jobId, String type, String message) {
        VideoFailed body = new VideoFailed(jobId, "req-" + jobId, ReasonCode.INTERNAL, message, "test", Map.of(), Instant.now());
        kafka.send(Topics.OUTCOMES, jobId, EventJson.write(body), CloudEventHeaders.json(type, "test", jobId));
    }
}
