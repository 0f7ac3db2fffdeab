package dev.kinora.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys on every Kinora REST endpoint (health and metrics under /q are not REST resources and
 * stay open for probes). On unless {@code kinora.api.auth.enabled=false}, which only the local
 * stack sets. Keys come from {@code kinora.api.keys} (comma-separated; set it from a secret) and
 * arrive as {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY}. Keys never reach logs.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    @ConfigProperty(name = "kinora.api.auth.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "kinora.api.keys")
    Optional<List<String>> keys;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled) {
            return;
        }
        String presented = presentedKey(request);
        if (presented == null || keys.isEmpty() || keys.get().stream().noneMatch(k -> same(k.trim(), presented))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON)
                    .header("WWW-Authenticate", "Bearer")
                    .entity(Map.of("reason", "UNAUTHORIZED", "message",
                            "send an API key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'"))
                    .build());
        }
    }

    private static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString("X-Api-Key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String auth = request.getHeaderString("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** Compares in constant time so response timing does not leak how much of a key matched. */
    private static boolean same(String expected, String presented) {
        return !expected.isEmpty() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
