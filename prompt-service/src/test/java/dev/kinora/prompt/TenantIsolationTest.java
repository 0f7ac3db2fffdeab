package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.Topics;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each API key is a tenant's, and a tenant sees, lists, downloads and deletes only its own videos. */
@Tag("service")
@QuarkusTest
@TestProfile(TenantIsolationTest.TwoTenants.class)
@QuarkusTestResource(LocalStackTestResource.class)
class TenantIsolationTest {

    static final String ACME_KEY = "acme-secret-key";
    static final String GLOBEX_KEY = "globex-secret-key";

    public static final class TwoTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Configuration holds only the keys' hashes.
            return Map.of("kinora.api.auth.enabled", "true",
                    "kinora.api.tenant-keys", "acme:" + sha256(ACME_KEY) + ",globex:" + sha256(GLOBEX_KEY));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void anotherTenantsVideoIsNotFoundAnywhere() {
        String id = as(ACME_KEY).contentType(ContentType.JSON).body("{\"prompt\":\"acme's dot\",\"requestId\":\"same-1\"}")
                .post("/v1/videos").then().statusCode(202).extract().path("id");
        as(ACME_KEY).get("/v1/videos/" + id).then().statusCode(200);
        as(GLOBEX_KEY).get("/v1/videos/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        as(GLOBEX_KEY).get("/v1/videos/" + id + "/content").then().statusCode(404);
        as(GLOBEX_KEY).contentType(ContentType.JSON).body("{\"prompt\":\"x\"}").post("/v1/videos/" + id + "/remix")
                .then().statusCode(404);
        as(GLOBEX_KEY).delete("/v1/videos/" + id).then().statusCode(404);
        as(GLOBEX_KEY).get("/v1/videos?limit=100").then().statusCode(200).body("data.id", not(hasItem(id)));
        as(GLOBEX_KEY).queryParam("after", id).get("/v1/videos").then().statusCode(400);
        as(ACME_KEY).get("/v1/videos?limit=100").then().statusCode(200).body("data.id", hasItem(id));

        // The same request id is a different job for another tenant, not the first tenant's.
        String globexId = as(GLOBEX_KEY).contentType(ContentType.JSON)
                .body("{\"prompt\":\"globex's dot\",\"requestId\":\"same-1\"}")
                .post("/v1/videos").then().statusCode(202).extract().path("id");
        assertNotEquals(id, globexId);
        as(ACME_KEY).get("/v1/videos/" + id).then().statusCode(200).body("prompt", equalTo("acme's dot"));
    }

    @Test
    void kafkaRequestsLandInTheTenantTheirHeaderNames() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TENANT, "globex".getBytes(StandardCharsets.UTF_8));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.VIDEO_REQUESTS, "kafka-globex",
                    "{\"requestId\":\"kafka-globex\",\"prompt\":\"a square for globex\"}".getBytes(), headers);
            kafka.expect(Topics.ENCODE, r -> new String(r.value()).contains("\"kafka-globex\""), 1, Duration.ofSeconds(30));
        }
        List<String> globex = awaitListed(GLOBEX_KEY, "kafka-globex");
        assertEquals(1, globex.size());
        as(ACME_KEY).queryParam("requestId", "kafka-globex").get("/v1/videos").then().statusCode(200)
                .body("data.size()", equalTo(0));
        as(ACME_KEY).get("/v1/videos/" + globex.get(0)).then().statusCode(404);
    }

    @Test
    void anUnknownKeyIsRefusedInOpenAisEnvelope() {
        as("nobody's-key").get("/v1/videos").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().get("/v1/videos").then().statusCode(401);
    }

    static List<String> awaitListed(String key, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = as(key).queryParam("requestId", requestId).get("/v1/videos").then().statusCode(200)
                    .extract().jsonPath().getList("data.id");
            if (!ids.isEmpty()) {
                return ids;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(requestId + " never listed for its tenant");
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
