package dev.kinora.platform;

import dev.kinora.events.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers: every stage reads or writes it. */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    @Inject
    ObjectStore store;

    @Inject
    S3Config config;

    @Override
    public HealthCheckResponse call() {
        try {
            store.bucketExists(config.scratchBucket());
            return HealthCheckResponse.named("object-store").up().withData("endpoint", config.endpoint()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down()
                    .withData("endpoint", config.endpoint())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
