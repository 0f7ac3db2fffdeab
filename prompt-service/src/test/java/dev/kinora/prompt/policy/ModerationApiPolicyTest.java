package dev.kinora.prompt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kinora.events.EventJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a local server that speaks OpenAI's POST /v1/moderations: it flags prompts containing
 * "forbidden", answers 500 for "error", and never answers for "hang" (until the test ends).
 */
class ModerationApiPolicyTest {

    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/v1/moderations", this::moderate);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void moderate(HttpExchange exchange) throws IOException {
        JsonNode body = EventJson.mapper().readTree(exchange.getRequestBody().readAllBytes());
        requests.add(body);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String input = body.path("input").asText();
        if (input.contains("hang")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!"POST".equals(exchange.getRequestMethod()) || input.contains("error")) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        boolean flagged = input.contains("forbidden");
        String json = """
                {"id":"modr-1","model":"omni-moderation-latest","results":[{"flagged":%s,
                 "categories":{"harassment":false,"violence":%s,"violence/graphic":%s},
                 "category_scores":{"harassment":0.01,"violence":%s,"violence/graphic":0.2}}]}"""
                .formatted(flagged, flagged, flagged, flagged ? "0.97" : "0.01");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    ModerationApiPolicy policy(boolean failOpen) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return new ModerationApiPolicy(base, Optional.of("sk-test"), "omni-moderation-latest", Duration.ofMillis(500),
                failOpen, metrics);
    }

    @Test
    void aFlaggedPromptIsBlockedWithTheServicesCategory() {
        PolicyVerdict verdict = policy(false).check("something forbidden");
        assertTrue(verdict.blocked());
        assertEquals(ModerationApiPolicy.SOURCE, verdict.source());
        assertEquals("violence", verdict.category());
        assertEquals("categories=violence,violence/graphic", verdict.rule());
        JsonNode sent = requests.get(0);
        assertEquals("something forbidden", sent.path("input").asText());
        assertEquals("omni-moderation-latest", sent.path("model").asText());
        assertEquals("Bearer sk-test", authorizations.get(0));
    }

    @Test
    void anUnflaggedPromptPasses() {
        assertFalse(policy(false).check("a red circle").blocked());
    }

    @Test
    void aTimeoutBlocksWhenFailClosed() {
        PolicyVerdict verdict = policy(false).check("hang on");
        assertTrue(verdict.blocked());
        assertEquals("unavailable", verdict.category());
        assertTrue(verdict.rule().contains("did not answer within 500 ms"), verdict.rule());
        assertEquals(1.0, metrics.counter("kinora_policy_moderation_errors_total", "outcome", "blocked").count());
    }

    @Test
    void aTimeoutPassesWhenFailOpen() {
        assertFalse(policy(true).check("hang on").blocked());
        assertEquals(1.0, metrics.counter("kinora_policy_moderation_errors_total", "outcome", "allowed").count());
    }

    @Test
    void anErrorAnswerFollowsTheSameChoice() {
        assertTrue(policy(false).check("error please").blocked());
        assertFalse(policy(true).check("error please").blocked());
    }

    @Test
    void anUnreachableServiceFollowsTheSameChoice() {
        URI nowhere = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        server.stop(0);
        ModerationApiPolicy closed = new ModerationApiPolicy(nowhere, Optional.empty(), "m", Duration.ofMillis(500), false,
                metrics);
        assertTrue(closed.check("a red circle").blocked());
    }
}
