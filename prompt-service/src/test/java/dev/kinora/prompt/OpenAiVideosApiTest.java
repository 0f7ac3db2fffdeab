package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.StoredObject;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.contract.VideoProgress;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** OpenAI's Videos API shape on prompt-service, against a real broker and S3 server. */
@Tag("service")
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OpenAiVideosApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectStore store;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFormAsTheSdksSendItMapsSizeAndSecondsOntoTheBundle() throws Exception {
        String id = given().multiPart("prompt", "a blue square").multiPart("size", "96x64").multiPart("seconds", "4")
                .multiPart("seed", "9").multiPart("steps", "3").multiPart("metadata", "{\"team\":\"ads\"}")
                .post("/v1/videos")
                .then().statusCode(202)
                .body("object", equalTo("video")).body("size", equalTo("96x64")).body("seconds", equalTo("4"))
                .body("model", equalTo("tiny-shapes")).body("progress", equalTo(0))
                .body("parameters.seed", equalTo(9)).body("metadata.team", equalTo("ads"))
                .extract().path("id");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            assertEquals(96, job.width());
            assertEquals(64, job.height());
            assertEquals(33, job.frames(), "4 s at the bundle's 8 fps, plus the first frame");
            assertEquals(3, job.steps());
            assertEquals(9, job.seed());
        }
        given().multiPart("prompt", "p").multiPart("steps", "many").post("/v1/videos")
                .then().statusCode(400).body("error.param", equalTo("steps"));
    }

    @Test
    void unsupportedSizesAndDurationsNameWhatTheModelSupports() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"size\":\"1280x720\"}").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("UNSUPPORTED_SIZE")).body("error.param", equalTo("size"))
                .body("error.message", containsString("supported sizes: 64x64, 96x64, 64x96"));
        given().multiPart("prompt", "p").multiPart("size", "wide").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("UNSUPPORTED_SIZE"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"seconds\":\"8\"}").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("UNSUPPORTED_SIZE")).body("error.param", equalTo("seconds"))
                .body("error.message", containsString("supported seconds: 2, 4"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"size\":\"64x64\",\"width\":64}").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST")).body("error.param", equalTo("width"));
    }

    @Test
    void modesTheModelDoesNotHaveAnswerModeNotAvailable() {
        given().multiPart("prompt", "p").multiPart("input_reference", "ref.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                "image/png").post("/v1/videos")
                .then().statusCode(400).body("error.code", equalTo("MODE_NOT_AVAILABLE"))
                .body("error.param", equalTo("input_reference"));
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"p\",\"input_reference\":{\"image_url\":\"https://example.com/a.png\"}}")
                .post("/v1/videos").then().statusCode(400).body("error.code", equalTo("MODE_NOT_AVAILABLE"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"p\",\"video\":{\"id\":\"vid_x\"}}")
                .post("/v1/videos/extensions").then().statusCode(400).body("error.code", equalTo("MODE_NOT_AVAILABLE"));
        given().multiPart("prompt", "p").post("/v1/videos/edits")
                .then().statusCode(400).body("error.code", equalTo("MODE_NOT_AVAILABLE"));
    }

    @Test
    void theListingPagesByCursorAndHoldsKafkaRequestsToo() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(given().contentType(ContentType.JSON).body("{\"prompt\":\"page " + i + "\"}").post("/v1/videos")
                    .then().statusCode(202).extract().path("id"));
            Thread.sleep(5); // distinct creation times, so the expected order is the creation order
        }
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.VIDEO_REQUESTS, "listed-from-kafka",
                    "{\"requestId\":\"listed-from-kafka\",\"prompt\":\"a kafka request\"}".getBytes());
        }
        created.add(awaitListed("listed-from-kafka"));

        List<String> ascending = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            var request = given().queryParam("limit", 1).queryParam("order", "asc");
            JsonPath page = (after == null ? request : request.queryParam("after", after)).get("/v1/videos")
                    .then().statusCode(200).body("object", equalTo("list")).extract().jsonPath();
            assertEquals(1, page.getList("data").size());
            assertEquals(page.getString("data[0].id"), page.getString("first_id"));
            assertEquals(page.getString("data[0].id"), page.getString("last_id"));
            ascending.add(page.getString("last_id"));
            after = page.getString("last_id");
            more = page.getBoolean("has_more");
        }
        assertEquals(ascending.size(), ascending.stream().distinct().count(), "no video twice: " + ascending);
        assertEquals(created, ascending.subList(ascending.size() - 4, ascending.size()), "the newest four, in order");
        List<String> newestFirst = given().queryParam("limit", 4).get("/v1/videos").then().statusCode(200)
                .extract().jsonPath().getList("data.id");
        assertEquals(List.of(created.get(3), created.get(2), created.get(1), created.get(0)), newestFirst);
        given().queryParam("limit", 0).get("/v1/videos").then().statusCode(400).body("error.param", equalTo("limit"));
        given().queryParam("order", "sideways").get("/v1/videos").then().statusCode(400);
    }

    @Test
    void aRemixKeepsTheSourcesSeedSizeAndSecondsWithTheNewPrompt() throws Exception {
        String source = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"a red circle\",\"size\":\"64x96\",\"seconds\":\"4\",\"seed\":42,\"steps\":5}")
                .post("/v1/videos").then().statusCode(202).extract().path("id");
        String remix = given().contentType(ContentType.JSON).body("{\"prompt\":\"a green circle\"}")
                .post("/v1/videos/" + source + "/remix")
                .then().statusCode(202)
                .body("remixed_from_video_id", equalTo(source)).body("prompt", equalTo("a green circle"))
                .body("size", equalTo("64x96")).body("seconds", equalTo("4"))
                .extract().path("id");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(remix), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            assertEquals(42, job.seed());
            assertEquals(5, job.steps());
            assertEquals(33, job.frames());
            assertEquals("a green circle", job.prompt());
        }
        given().contentType(ContentType.JSON).body("{\"prompt\":\"x\"}").post("/v1/videos/vid_nosuchvideo1/remix")
                .then().statusCode(404);
    }

    @Test
    void contentIsServedOnceCompletedAndDeleteRemovesEveryObject() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"prompt\":\"a dot\"}").post("/v1/videos")
                .then().statusCode(202).extract().path("id");
        given().get("/v1/videos/" + id + "/content").then().statusCode(409).body("error.code", equalTo("VIDEO_NOT_READY"));
        byte[] video = {0, 0, 0, 24, 'f', 't', 'y', 'p', 1};
        byte[] poster = {(byte) 0x89, 'P', 'N', 'G', 2};
        byte[] sheet = {(byte) 0x89, 'P', 'N', 'G', 3};
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            store.ensureBucket("kinora-videos");
            StoredObject v = put(id + "/video.mp4", video, "video/mp4");
            StoredObject p = put(id + "/poster.png", poster, "image/png");
            StoredObject s = put(id + "/spritesheet.png", sheet, "image/png");
            StoredObject m = put(id + "/metadata.json", "{}".getBytes(), "application/json");
            kafka.send(Topics.VIDEO_COMPLETED, id, EventJson.write(new VideoCompleted(id, job.requestId(), v, p, s, m,
                    64, 64, 17, 8, 17 / 8.0, job.seed(), job.model(), job.modelVersion(), Map.of(), 20, Map.of(),
                    job.acceptedAt(), Instant.now())));
        }
        PromptServiceTest.awaitState(id, "COMPLETED");
        given().get("/v1/videos/" + id).then().body("status", equalTo("completed")).body("progress", equalTo(100))
                .body("contentUrl", containsString("/v1/videos/" + id + "/content"));
        assertArrayEquals(video, given().get("/v1/videos/" + id + "/content").then().statusCode(200)
                .contentType("video/mp4").extract().asByteArray());
        assertArrayEquals(poster, given().queryParam("variant", "thumbnail").get("/v1/videos/" + id + "/content")
                .then().statusCode(200).contentType("image/png").extract().asByteArray());
        assertArrayEquals(sheet, given().queryParam("variant", "spritesheet").get("/v1/videos/" + id + "/content")
                .then().statusCode(200).contentType("image/png").extract().asByteArray());
        given().queryParam("variant", "gif").get("/v1/videos/" + id + "/content").then().statusCode(400)
                .body("error.param", equalTo("variant"));

        given().delete("/v1/videos/" + id).then().statusCode(200).body("deleted", equalTo(true));
        for (String file : List.of("video.mp4", "poster.png", "spritesheet.png", "metadata.json")) {
            assertFalse(store.find("kinora-videos", id + "/" + file).isPresent(), file + " is gone");
        }
        given().get("/v1/videos/" + id + "/content").then().statusCode(404);
        assertTrue(given().get("/v1/videos").then().extract().jsonPath().getList("data.id").stream()
                .noneMatch(id::equals), "the listing no longer holds it");
    }

    @Test
    void aVideoDeletedWhileBeingMadeLosesTheObjectsStoredAfterTheDelete() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"prompt\":\"a late dot\"}").post("/v1/videos")
                .then().statusCode(202).extract().path("id");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            given().delete("/v1/videos/" + id).then().statusCode(200);
            // The pipeline finished the job before it saw the cancellation: its objects land after the delete.
            store.ensureBucket("kinora-videos");
            StoredObject v = put(id + "/video.mp4", new byte[] {1}, "video/mp4");
            StoredObject p = put(id + "/poster.png", new byte[] {2}, "image/png");
            kafka.send(Topics.VIDEO_COMPLETED, id, EventJson.write(new VideoCompleted(id, job.requestId(), v, p, null, null,
                    64, 64, 17, 8, 17 / 8.0, job.seed(), job.model(), job.modelVersion(), Map.of(), 20, Map.of(),
                    job.acceptedAt(), Instant.now())));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.find("kinora-videos", id + "/video.mp4").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(store.find("kinora-videos", id + "/video.mp4").isPresent(), "the late video was removed");
        assertFalse(store.find("kinora-videos", id + "/poster.png").isPresent());
        given().get("/v1/videos/" + id).then().statusCode(404);
    }

    @Test
    void serverSentEventsFollowAJobUntilItEndsThenClose() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"prompt\":\"a followed dot\"}").post("/v1/videos")
                .then().statusCode(202).extract().path("id");
        BlockingQueue<JsonPath> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("v1/videos/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<Void> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    assertEquals(200, response.statusCode());
                    response.body().filter(line -> line.startsWith("data:"))
                            .forEach(line -> events.add(JsonPath.from(line.substring("data:".length()))));
                });
        assertEquals("QUEUED", next(events).getString("state"), "the stream starts with the video as it is");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            JobSpec job = EventJson.read(kafka.expect(Topics.ENCODE, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(30)).get(0).value(), JobSpec.class);
            kafka.send(Topics.VIDEO_PROGRESS, id, EventJson.write(VideoProgress.of(job, Stage.DENOISE, 2, 20)));
            JsonPath denoising = next(events);
            assertEquals("DENOISING", denoising.getString("state"));
            assertEquals(2, denoising.getInt("step"));
            assertEquals("in_progress", denoising.getString("status"));
            kafka.send(Topics.VIDEO_FAILED, id, EventJson.write(VideoFailed.of(job, ReasonCode.TIMEOUT, "late", "denoise")));
        }
        JsonPath last = next(events);
        assertEquals("failed", last.getString("status"));
        assertEquals("TIMEOUT", last.getString("error.code"));
        stream.get(30, TimeUnit.SECONDS); // the server closes the stream after the final object
        assertTrue(events.isEmpty(), "nothing after the final object");
        given().get("/v1/videos/vid_nosuchvideo2/events").then().statusCode(404);
    }

    static JsonPath next(BlockingQueue<JsonPath> events) throws InterruptedException {
        JsonPath event = events.poll(30, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no server-sent event came");
        }
        return event;
    }

    private StoredObject put(String key, byte[] bytes, String type) {
        store.put("kinora-videos", key, bytes, type, Map.of());
        return new StoredObject("kinora-videos", key, "http://unused", type, bytes.length, "x");
    }

    /** The id of the request's job once the listing shows it (Kafka intake is asynchronous). */
    static String awaitListed(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = given().queryParam("requestId", requestId).get("/v1/videos").then().statusCode(200)
                    .extract().jsonPath().getList("data.id");
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("request " + requestId + " never listed");
    }
}
