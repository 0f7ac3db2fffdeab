package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prompts that can never become a video are refused at intake, over REST and over Kafka, before
 * any stage works on them: one outcome, nothing on kinora.encode.
 */
@Tag("service")
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IntakeScreeningTest {

    /** 36 words: under the 2000-character limit, over the text encoder's 32 tokens. */
    static final String LONG_PROMPT = "a red circle ".repeat(12).strip();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void restRefusesAPromptLongerThanTheEncodersWindow() {
        given().contentType(ContentType.JSON).body("{\"requestId\":\"long-rest\",\"prompt\":\"" + LONG_PROMPT + "\"}")
                .post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("PROMPT_TOO_LONG")).body("error.param", equalTo("prompt"));
        given().get("/v1/videos?requestId=long-rest").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void kafkaAnswersALongPromptOnVideoFailedAtOnce() throws Exception {
        assertRefusedOverKafka("long-kafka", LONG_PROMPT, ReasonCode.PROMPT_TOO_LONG);
    }

    @Test
    void restRefusesABlockedPromptWithContentPolicyAndCountsIt() {
        given().contentType(ContentType.JSON).body("{\"requestId\":\"policy-rest\",\"prompt\":\"a b.e.h.e.a.d.i.n.g on stage\"}")
                .post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("CONTENT_POLICY")).body("error.param", equalTo("prompt"));
        given().get("/v1/videos?requestId=policy-rest").then().statusCode(200).body("data.size()", equalTo(0));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kinora_policy_blocked_total{") && l.contains("source=\"terms\"")
                && l.contains("category=\"violence\"")), "kinora_policy_blocked_total is exported");
    }

    @Test
    void kafkaAnswersABlockedPromptOnVideoFailedAtOnce() throws Exception {
        assertRefusedOverKafka("policy-kafka", "a m4ssacre in the village", ReasonCode.CONTENT_POLICY);
    }

    @Test
    void harmlessWordingThatLooksViolentIsAccepted() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"a red circle shooting across the frame\"}")
                .post("/v1/videos").then().statusCode(202);
    }

    /** Sends the request, expects exactly one failure outcome with the reason, and no encode task. */
    void assertRefusedOverKafka(String requestId, String prompt, ReasonCode reason) throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.VIDEO_REQUESTS, requestId,
                    ("{\"requestId\":\"" + requestId + "\",\"prompt\":\"" + prompt + "\"}").getBytes());
            kafka.send(Topics.VIDEO_REQUESTS, requestId, ("{\"requestId\":\"" + requestId
                    + "-after\",\"prompt\":\"a blue square\"}").getBytes());
            // Same key, same partition: once the request after it is accepted, intake has handled ours.
            kafka.expect(Topics.ENCODE, r -> new String(r.value()).contains("\"" + requestId + "-after\""), 1,
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> outcomes = kafka.expect(Topics.OUTCOMES,
                    r -> new String(r.value()).contains("\"" + requestId + "\""), 1, Duration.ofSeconds(30));
            VideoFailed failed = EventJson.read(outcomes.get(0).value(), VideoFailed.class);
            assertEquals(reason, failed.reason());
            assertEquals("intake", failed.stage());
            assertEquals(1, kafka.await(Topics.OUTCOMES, r -> new String(r.value()).contains("\"" + requestId + "\""),
                    2, Duration.ofSeconds(2)).size(), "one outcome per refused request");
            assertTrue(kafka.await(Topics.ENCODE, r -> new String(r.value()).contains("\"" + requestId + "\""), 1,
                    Duration.ofSeconds(1)).isEmpty(), "a refused request never reaches the encoder");
        }
    }
}
