package dev.kinora.platform;

import dev.kinora.events.storage.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the scratch bucket at start so claim checks never race its creation. */
@ApplicationScoped
public class ScratchBucket {

    private static final Logger LOG = Logger.getLogger(ScratchBucket.class);

    void onStart(@Observes StartupEvent event, ObjectStore store, S3Config config) {
        try {
            store.ensureBucket(config.scratchBucket());
        } catch (RuntimeException e) {
            // Readiness reports the store as down; the stage retries on first use.
            LOG.warnf("scratch bucket %s not ready at start: %s", config.scratchBucket(), e.getMessage());
        }
    }
}
