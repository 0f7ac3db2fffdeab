package dev.kinora.platform;

import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.events.storage.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the object store and the claim check injectable, configured from {@link S3Config}. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(S3Config config) {
        return new ObjectStore(new S3Settings(config.endpoint(), config.accessKey(), config.secretKey(), config.region()));
    }

    @Produces
    @Singleton
    ClaimCheck claimCheck(ObjectStore store, S3Config config) {
        return new ClaimCheck(store, config.scratchBucket(), config.claimCheckThresholdBytes());
    }
}
