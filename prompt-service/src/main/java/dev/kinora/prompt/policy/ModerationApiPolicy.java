package dev.kinora.prompt.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * An external moderation service that speaks OpenAI's {@code POST /v1/moderations}. The base URL
 * includes the version, as in OpenAI's SDKs ({@code https://api.openai.com/v1}). When the service
 * cannot answer within the timeout, or answers with an error, the configured choice decides:
 * fail-open lets the prompt through (and counts it), fail-closed blocks it.
 */
public final class ModerationApiPolicy implements ContentPolicy {

    public static final String SOURCE = "moderation-api";

    private static final Logger LOG = Logger.getLogger(ModerationApiPolicy.class);

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final String model;
    private final Duration timeout;
    private final boolean failOpen;
    private final MeterRegistry metrics;
    private final HttpClient client;

    public ModerationApiPolicy(URI baseUrl, Optional<String> apiKey, String model, Duration timeout, boolean failOpen,
            MeterRegistry metrics) {
        String base = baseUrl.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "moderations");
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.model = model;
        this.timeout = timeout;
        this.failOpen = failOpen;
        this.metrics = metrics;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public PolicyVerdict check(String prompt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(Map.of("model", model, "input", prompt))));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            // The whole exchange, body included, within the timeout: intake must not hang on it.
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                return unavailable("answered HTTP " + response.statusCode());
            }
            return verdict(EventJson.mapper().readTree(response.body()));
        } catch (TimeoutException e) {
            call.cancel(true);
            return unavailable("did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | IOException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException) {
                return unavailable("did not answer within " + timeout.toMillis() + " ms");
            }
            return unavailable("failed: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("was interrupted");
        }
    }

    private PolicyVerdict verdict(JsonNode body) {
        JsonNode results = body.path("results");
        if (!results.isArray() || results.isEmpty() || !results.get(0).path("flagged").isBoolean()) {
            return unavailable("answered without results[0].flagged");
        }
        JsonNode result = results.get(0);
        if (!result.path("flagged").asBoolean()) {
            return PolicyVerdict.allowed();
        }
        List<String> categories = new ArrayList<>();
        result.path("categories").properties().forEach(e -> {
            if (e.getValue().asBoolean(false)) {
                categories.add(e.getKey());
            }
        });
        String category = categories.isEmpty() ? "flagged" : categories.get(0);
        return PolicyVerdict.blocked(SOURCE, category, "categories=" + String.join(",", categories));
    }

    private PolicyVerdict unavailable(String why) {
        String outcome = failOpen ? "allowed" : "blocked";
        metrics.counter("kinora_policy_moderation_errors_total", "outcome", outcome).increment();
        LOG.warnf("moderation service %s %s; %s the prompt (kinora.policy.moderation.fail-open=%s)",
                endpoint, why, outcome, failOpen);
        return failOpen ? PolicyVerdict.allowed() : PolicyVerdict.blocked(SOURCE, "unavailable", "moderation service " + why);
    }
}
