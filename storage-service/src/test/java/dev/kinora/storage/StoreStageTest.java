package dev.kinora.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.payload.StoreTask;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.provenance.ProvenanceManifest;
import dev.kinora.provenance.VideoVerification;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The storage-service against a real broker and S3 server: kinora.store in, objects + video.completed out. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
@QuarkusTestResource(ProvenanceKeysTestResource.class)
class StoreStageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ClaimCheck claims;

    @Inject
    ObjectStore store;

    @Test
    void storesObjectsAndAnnouncesTheVideo() throws Exception {
        String id = "vid_store00001";
        JobSpec job = JobSpec.builder().jobId(id).requestId("req-store").prompt("a green triangle").negativePrompt("blur")
                .size(64, 96).frames(33).fps(8).steps(20).guidanceScale(4.0).seed(77L)
                .model("tiny-shapes", "v1", "abc123").metadata(Map.of("team", "qa")).acceptedAt(Instant.now())
                .stageMillis(Map.of("encode", 1L, "denoise", 2L, "decode", 3L)).transformerCalls(13).build();
        byte[] video = new byte[2 * 1024 * 1024 + 5]; // above the claim-check threshold
        new Random(1).nextBytes(video);
        byte[] poster = {(byte) 0x89, 'P', 'N', 'G'};
        byte[] spritesheet = {(byte) 0x89, 'P', 'N', 'G', 's'};
        ClaimCheck.Outgoing out = claims.offload(id, "store", new StoreTask(job, video, poster, spritesheet).encode());
        RecordHeaders headers = new RecordHeaders();
        out.addTo(headers);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.STORE, id, out.value(), headers);
            var record = kafka.expect(Topics.VIDEO_COMPLETED, r -> r.key().equals(id), 1, Duration.ofSeconds(60)).get(0);
            VideoCompleted done = EventJson.read(record.value(), VideoCompleted.class);
            assertEquals("req-store", done.requestId());
            assertEquals("kinora-videos", done.video().bucket());
            assertEquals(id + "/video.mp4", done.video().key());
            assertEquals(video.length, done.video().bytes());
            assertEquals(id + "/spritesheet.png", done.spritesheet().key());
            assertArrayEquals(spritesheet, store.get("kinora-videos", id + "/spritesheet.png"));
            assertEquals(ClaimCheck.sha256(video), done.video().sha256());
            assertEquals(33 / 8.0, done.durationSeconds(), 1e-9);
            assertEquals(Map.of("team", "qa"), done.metadata());
            assertEquals(13, done.transformerCalls(), "the denoiser's count reaches video.completed");
            assertTrue(done.stageMillis().keySet().containsAll(java.util.List.of("encode", "denoise", "decode", "store")));
            assertEquals("dev.kinora.video.completed.v1", new String(record.headers().lastHeader("ce_type").value()));

            HttpResponse<byte[]> presigned = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(done.video().url())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, presigned.statusCode());
            assertArrayEquals(video, presigned.body(), "the presigned URL downloads the video");

            byte[] served = given().get("/v1/videos/" + id + "/content").then().statusCode(200)
                    .contentType("video/mp4").extract().asByteArray();
            assertArrayEquals(video, served);

            JsonNode metadata = EventJson.mapper().readTree(store.get("kinora-videos", id + "/metadata.json"));
            assertEquals("a green triangle", metadata.path("prompt").asText());
            assertEquals(77, metadata.path("parameters").path("seed").asLong());
            assertEquals("abc123", metadata.path("model").path("manifestSha256").asText());
            assertEquals(3, metadata.path("stageMillis").path("decode").asLong());

            // The signed manifest beside the video verifies with the key the service publishes.
            assertEquals(id + "/provenance.jws", metadata.path("provenance").path("key").asText());
            String jws = new String(store.get("kinora-videos", id + "/provenance.jws"), java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(jws, given().get("/v1/provenance/" + id).then().statusCode(200).extract().asString());
            PublicKey key = Ed25519Keys.readPublic(given().get("/v1/provenance/public-key").then().statusCode(200)
                    .extract().asString());
            ProvenanceManifest manifest = VideoVerification.verify(video, jws, key);
            assertEquals(id, manifest.jobId());
            assertEquals(ClaimCheck.sha256(video), manifest.videoSha256());
            assertEquals("tiny-shapes", manifest.model());
            assertEquals(ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA, manifest.digitalSourceType());
        }
    }

    @Test
    void contentOfUnknownOrHostileIdsIsRefused() {
        given().get("/v1/videos/vid_nosuchjob/content").then().statusCode(404);
        given().get("/v1/videos/bad.id!!/content").then().statusCode(400);
        given().get("/v1/provenance/vid_nosuchjob").then().statusCode(404);
    }
}
