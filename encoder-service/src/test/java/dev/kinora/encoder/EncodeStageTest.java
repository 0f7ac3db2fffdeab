package dev.kinora.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The encoder-service against a real broker and S3 server: kinora.encode in, kinora.denoise out. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class EncodeStageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ClaimCheck claims;

    static JobSpec job(String id, String prompt, String negative) {
        return JobSpec.builder().jobId(id).requestId("req-" + id).prompt(prompt).negativePrompt(negative).size(64, 64)
                .frames(17).fps(8).steps(20).guidanceScale(4.0).seed(1L).model("tiny-shapes", "v", "sha")
                .metadata(Map.of("k", "v")).acceptedAt(Instant.now()).build();
    }

    @Test
    void encodesPromptAndNegativePromptIntoOnePayload() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = job("vid_encode0001", "a red circle moving right on a black background", null);
            kafka.send(Topics.ENCODE, job.jobId(), EventJson.write(job));
            ConsumerRecord<String, byte[]> out = kafka.expect(Topics.DENOISE, r -> r.key().equals(job.jobId()), 1,
                    Duration.ofSeconds(60)).get(0);
            DenoiseTask task = DenoiseTask.decode(claims.resolve(out.value(), out.headers()));
            long[] shape = task.textHidden().shape();
            assertEquals(2, shape[0]);
            assertEquals(384, shape[2]);
            long[] mask = task.textMask().toLongs();
            int tokens = (int) shape[1];
            long promptTokens = Arrays.stream(mask, 0, tokens).sum();
            long negativeTokens = Arrays.stream(mask, tokens, 2 * tokens).sum();
            assertEquals(tokens, promptTokens, "the longer text sets the padded length");
            assertEquals(2, negativeTokens, "the empty negative prompt is [CLS] [SEP]");
            float[] hidden = task.textHidden().toFloats();
            for (int i = 2 * 384 + tokens * 384; i < 2 * tokens * 384; i++) {
                assertEquals(0f, hidden[i], "padding carries nothing");
            }
            assertEquals(job.prompt(), task.job().prompt());
            assertTrue(task.job().stageMillis().containsKey("encode"));
            assertEquals("application/vnd.safetensors", header(out, "content-type"));
            assertEquals(job.jobId(), header(out, "ce_subject"));
        }
    }

    @Test
    void aPromptOverTheTokenLimitFailsWithItsReasonAndGoesToTheDeadLetterTopic() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = job("vid_encode0002", "circle ".repeat(40), "");
            kafka.send(Topics.ENCODE, job.jobId(), EventJson.write(job));
            ConsumerRecord<String, byte[]> failed = kafka.expect(Topics.OUTCOMES, r -> r.key().equals(job.jobId()), 1,
                    Duration.ofSeconds(60)).get(0);
            VideoFailed event = EventJson.read(failed.value(), VideoFailed.class);
            assertEquals(ReasonCode.PROMPT_TOO_LONG, event.reason());
            assertEquals(job.requestId(), event.requestId());
            assertEquals(Map.of("k", "v"), event.metadata());
            kafka.expect(Topics.deadLetter(Topics.ENCODE), r -> r.key().equals(job.jobId()), 1, Duration.ofSeconds(30));
        }
    }

    @Test
    void aCorruptRecordFailsItsJobWithoutBlockingThePartition() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.ENCODE, "vid_corrupt001", "{not json".getBytes());
            JobSpec next = job("vid_encode0003", "a blue square", null);
            kafka.send(Topics.ENCODE, next.jobId(), EventJson.write(next));
            VideoFailed event = EventJson.read(kafka.expect(Topics.OUTCOMES, r -> r.key().equals("vid_corrupt001"), 1,
                    Duration.ofSeconds(60)).get(0).value(), VideoFailed.class);
            assertEquals(ReasonCode.CORRUPT_PAYLOAD, event.reason());
            kafka.expect(Topics.DENOISE, r -> r.key().equals(next.jobId()), 1, Duration.ofSeconds(60));
        }
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value());
    }
}
