package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.contract.VideoProgress;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The prompt-service against a real broker: REST and Kafka intake, idempotency, job state. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class PromptServiceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void restSubmissionIsAcceptedOnceAndFollowedThroughItsStages() throws Exception {
        String body = "{\"requestId\":\"rest-1\",\"prompt\":\"a red circle moving right\",\"seed\":5}";
        String jobId = given().contentType(ContentType.JSON).body(body).post("/v1/videos")
                .then().statusCode(202)
                .header("Location", startsWith("http"))
                .body("object", equalTo("video"))
                .body("status", equalTo("queued"))
                .body("state", equalTo("QUEUED"))
                .body("size", equalTo("64x64"))
                .body("seconds", equalTo("2"))
                .extract().path("id");
        // The same requestId again is the same job, not a second one.
        given().contentType(ContentType.JSON).body(body).post("/v1/videos")
                .then().statusCode(200).body("id", equalTo(jobId)).body("jobId", equalTo(jobId));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(jobId), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            assertEquals(5, job.seed());
            assertEquals(64, job.width());
            assertEquals(1, kafka.await(Topics.ENCODE, r -> r.key().equals(jobId), 2, Duration.ofSeconds(3)).size(),
                    "one request id, one job");

            kafka.send(Topics.VIDEO_PROGRESS, jobId, EventJson.write(VideoProgress.of(job, Stage.DENOISE, 3, 20)));
            awaitState(jobId, "DENOISING");
            given().get("/v1/videos/" + jobId).then().body("step", equalTo(3)).body("steps", equalTo(20))
                    .body("status", equalTo("in_progress")).body("progress", equalTo(10 + 80 * 3 / 20));

            kafka.send(Topics.VIDEO_FAILED, jobId, EventJson.write(VideoFailed.of(job, ReasonCode.INTERNAL, "boom", "denoise")));
            awaitState(jobId, "FAILED");
            given().get("/v1/videos/" + jobId).then().body("status", equalTo("failed"))
                    .body("error.code", equalTo("INTERNAL")).body("error.message", equalTo("boom"));
            given().get("/v1/videos?requestId=rest-1").then().statusCode(200).body("data[0].id", equalTo(jobId));
            kafka.expect(Topics.JOBS, r -> r.key().equals(jobId), 3, Duration.ofSeconds(30));
        }
    }

    @Test
    void deleteCancelsARunningJobAndForgetsIt() throws Exception {
        String jobId = given().contentType(ContentType.JSON).body("{\"requestId\":\"cancel-1\",\"prompt\":\"a dot\"}")
                .post("/v1/videos").then().statusCode(202).extract().path("id");
        given().delete("/v1/videos/" + jobId).then().statusCode(200)
                .body("id", equalTo(jobId)).body("object", equalTo("video.deleted")).body("deleted", equalTo(true));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.expect(Topics.VIDEO_CANCELLATIONS, r -> r.key().equals(jobId), 1, Duration.ofSeconds(30));
            kafka.expect(Topics.JOBS, r -> r.key().equals(jobId) && new String(r.value()).contains("\"deletedAt\":\""), 1,
                    Duration.ofSeconds(30));
        }
        given().get("/v1/videos/" + jobId).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"))
                .body("error.type", equalTo("invalid_request_error"));
        given().get("/v1/videos?requestId=cancel-1").then().statusCode(200).body("data.size()", equalTo(0));
        given().delete("/v1/videos/" + jobId).then().statusCode(404);
        given().delete("/v1/videos/vid_nosuchjob0").then().statusCode(404);
        // The request id of a deleted video may name a new one.
        given().contentType(ContentType.JSON).body("{\"requestId\":\"cancel-1\",\"prompt\":\"a dot\"}")
                .post("/v1/videos").then().statusCode(202).body("id", not(equalTo(jobId)));
    }

    @Test
    void badRestRequestsAnswer400WithTheirReasonInOpenAisEnvelope() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"width\":1920,\"height\":1080}").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("UNSUPPORTED_SIZE"))
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"model\":\"other\"}").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("UNSUPPORTED_MODEL")).body("error.param", equalTo("model"));
        given().contentType(ContentType.JSON).body("{\"prompt\":").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"steps\":\"many\"}").post("/v1/videos")
                .then().statusCode(400).body("error.param", equalTo("steps")).body("error.fields[0].field", equalTo("steps"));
        given().get("/v1/videos/vid_unknown").then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void kafkaRequestsBecomeJobsAndBadOnesGetAFailureOutcome() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.VIDEO_REQUESTS, "kafka-ok", "{\"requestId\":\"kafka-ok\",\"prompt\":\"a blue square\"}".getBytes());
            kafka.send(Topics.VIDEO_REQUESTS, "kafka-bad", "{\"requestId\":\"kafka-bad\",\"prompt\":42}".getBytes());
            kafka.send(Topics.VIDEO_REQUESTS, "kafka-bad2", "not json at all".getBytes());
            kafka.expect(Topics.ENCODE, r -> r.value() != null && new String(r.value()).contains("\"kafka-ok\""), 1,
                    Duration.ofSeconds(30));
            // The outcome gate (storage-service) passes these on to video.failed.
            var failures = kafka.expect(Topics.OUTCOMES, r -> {
                String v = new String(r.value());
                return v.contains("kafka-bad");
            }, 2, Duration.ofSeconds(30));
            for (var r : failures) {
                VideoFailed f = EventJson.read(r.value(), VideoFailed.class);
                assertEquals(ReasonCode.INVALID_REQUEST, f.reason());
                assertEquals(CloudEventHeaders.TYPE_FAILED, new String(r.headers().lastHeader("ce_type").value()));
            }
        }
    }

    static void awaitState(String jobId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String now = given().get("/v1/videos/" + jobId).then().extract().path("state");
            if (state.equals(now)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " never reached " + state);
    }
}
