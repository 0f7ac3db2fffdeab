package dev.kinora.denoiser.pipeline;

import dev.kinora.denoiser.model.StepBatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On SIGTERM, before the Kafka consumer and producer close: take no new jobs, let running ones
 * finish within the drain bound, and hand back the rest (checkpointed, their records put back on
 * their partitions) instead of failing them.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private static final Duration HAND_BACK_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    StepBatcher batcher;

    @Inject
    DenoiseStage stage;

    @Inject
    ChannelRegistry channels;

    /** How long running jobs may go on after SIGTERM; below quarkus.shutdown.timeout and the pod's grace. */
    @ConfigProperty(name = "kinora.denoiser.drain-timeout", defaultValue = "PT40S")
    Duration drainTimeout;

    void onShutdown(@Observes ShutdownEvent event) {
        long started = System.nanoTime();
        // Records already fetched stay in the paused channel's buffer, unacknowledged, and so
        // uncommitted; so do the copies of handed-back jobs, which land behind them.
        channels.getPausable(DenoiseStage.CHANNEL).pause();
        batcher.drain(drainTimeout);
        long deadline = System.nanoTime() + HAND_BACK_TIMEOUT.toNanos();
        while (stage.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.infof("denoiser drained in %d ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
