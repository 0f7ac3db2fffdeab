package dev.kinora.prompt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the service serves says what its JAX-RS resources do: the same paths and
 * methods (found by reflection over prompt-service's classes), every operation summarised, every
 * parameter and every schema field described.
 */
@Tag("service")
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OpenApiDocumentTest {

    static JsonNode document() throws IOException {
        return new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asByteArray());
    }

    @Test
    void theDocumentListsExactlyTheResourceMethods() throws Exception {
        Set<String> documented = new TreeSet<>();
        document().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertEquals(endpointsByReflection(), documented);
    }

    @Test
    void everyOperationParameterAndFieldIsDescribed() throws Exception {
        JsonNode doc = document();
        List<String> undescribed = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            if (op.getValue().path("summary").asText().isBlank()) {
                undescribed.add(where);
            }
            op.getValue().path("parameters").forEach(p -> {
                if (p.path("description").asText().isBlank() && !p.path("in").asText().equals("path")) {
                    undescribed.add(where + " ?" + p.path("name").asText());
                }
            });
        }));
        doc.path("components").path("schemas").fields().forEachRemaining(schema ->
                schema.getValue().path("properties").fields().forEachRemaining(property -> {
                    if (property.getValue().path("description").asText().isBlank()) {
                        undescribed.add(schema.getKey() + "." + property.getKey());
                    }
                }));
        assertTrue(undescribed.isEmpty(), "undescribed: " + undescribed);
        assertFalse(doc.path("components").path("schemas").path("Video").path("properties").path("remixed_from_video_id")
                .isMissingNode(), "the video object uses OpenAI's field names");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** "METHOD /path" of every resource method in prompt-service's classes. */
    static Set<String> endpointsByReflection() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> endpoints = new TreeSet<>();
        java.nio.file.Path root = Paths.get(dev.kinora.prompt.api.VideoResource.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        List<String> classNames;
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("dev/kinora/prompt"))) {
            classNames = files.map(f -> root.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        for (String name : classNames) {
            Class<?> type = Class.forName(name);
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb != null) {
                    Path methodPath = m.getAnnotation(Path.class);
                    endpoints.add(verb + " " + join(classPath.value(), methodPath == null ? "" : methodPath.value()));
                }
            }
        }
        assertFalse(endpoints.isEmpty(), "no resource classes found under " + root);
        return endpoints;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String path = ("/" + a + "/" + b).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
