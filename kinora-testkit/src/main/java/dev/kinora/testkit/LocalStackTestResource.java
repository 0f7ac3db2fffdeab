package dev.kinora.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Plugs a fresh local stack into a @QuarkusTest:
 * {@code @QuarkusTestResource(LocalStackTestResource.class)} (or {@code @WithTestResource}).
 */
public final class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalStackProcess stack;

    @Override
    public Map<String, String> start() {
        stack = LocalStackProcess.start();
        return Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "kinora.s3.endpoint", stack.s3Endpoint(),
                "kinora.s3.access-key", stack.accessKey(),
                "kinora.s3.secret-key", stack.secretKey(),
                "kinora.model.path", Bundles.defaultBundle().toString(),
                // Set explicitly: Dev Services would otherwise try to start Kafka in Docker.
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
