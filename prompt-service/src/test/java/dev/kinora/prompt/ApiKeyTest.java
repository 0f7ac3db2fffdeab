package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Outside the local stack, REST calls need an API key; health stays open for probes. */
@QuarkusTest
@TestProfile(ApiKeyTest.KeysRequired.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class ApiKeyTest {

    public static final class KeysRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinora.api.auth.enabled", "true", "kinora.api.keys", "first-key,second-key");
        }
    }

    static final String BODY = "{\"prompt\":\"a dot\",\"requestId\":\"auth-1\"}";

    @Test
    void requestsWithoutAValidKeyAreRefused() {
        given().contentType(ContentType.JSON).body(BODY).post("/v1/videos")
                .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).header("X-Api-Key", "wrong").body(BODY).post("/v1/videos")
                .then().statusCode(401);
        given().header("Authorization", "Bearer first-keyX").get("/v1/videos/vid_abcdefgh").then().statusCode(401);
    }

    @Test
    void eitherConfiguredKeyIsAccepted() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer second-key").body(BODY).post("/v1/videos")
                .then().statusCode(202);
        given().header("X-Api-Key", "first-key").get("/v1/videos?requestId=auth-1").then().statusCode(200);
    }

    @Test
    void healthNeedsNoKey() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
