package dev.kinora.platform;

import dev.kinora.events.contract.JobState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys on every Kinora REST endpoint (health, metrics and the OpenAPI document under /q are not
 * REST resources and stay open for probes). On unless {@code kinora.api.auth.enabled=false}, which
 * only the local stack sets. A key belongs to a tenant: {@code kinora.api.tenant-keys} lists
 * {@code TENANT:SHA256} pairs (the hex SHA-256 of each key, so configuration never holds a key);
 * keys in the older {@code kinora.api.keys} belong to the default tenant. Keys arrive as
 * {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY} and never reach logs.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    @ConfigProperty(name = "kinora.api.auth.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "kinora.api.keys")
    Optional<List<String>> keys;

    @ConfigProperty(name = "kinora.api.tenant-keys")
    Optional<List<String>> tenantKeys;

    @Inject
    Caller caller;

    /** Key digest → tenant, built once; a malformed entry fails the service's start, not a request. */
    private Map<byte[], String> tenantByDigest;

    @PostConstruct
    void readKeys() {
        tenantByDigest = configuredKeys();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled) {
            return;
        }
        String presented = presentedKey(request);
        Optional<String> tenant = presented == null ? Optional.empty() : tenantOf(sha256(presented));
        if (tenant.isEmpty()) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON)
                    .header("WWW-Authenticate", "Bearer")
                    .entity(Map.of("error", Map.of("type", "invalid_request_error", "code", "UNAUTHORIZED",
                            "message", "send an API key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'")))
                    .build());
            return;
        }
        caller.authenticatedAs(tenant.get());
    }

    /** The tenant whose key hashes to {@code digest}; every entry is compared, in constant time. */
    private Optional<String> tenantOf(byte[] digest) {
        String found = null;
        for (Map.Entry<byte[], String> key : tenantByDigest.entrySet()) {
            if (MessageDigest.isEqual(key.getKey(), digest) && found == null) {
                found = key.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private Map<byte[], String> configuredKeys() {
        Map<byte[], String> byDigest = new LinkedHashMap<>();
        keys.orElse(List.of()).stream().map(String::trim).filter(k -> !k.isEmpty())
                .forEach(k -> byDigest.put(sha256(k), JobState.DEFAULT_TENANT));
        for (String entry : tenantKeys.orElse(List.of())) {
            int colon = entry.indexOf(':');
            String hex = colon > 0 ? entry.substring(colon + 1).trim() : "";
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("kinora.api.tenant-keys entries are TENANT:SHA256HEX; one is not");
            }
            byDigest.put(HexFormat.of().parseHex(hex), entry.substring(0, colon).trim());
        }
        return byDigest;
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

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
