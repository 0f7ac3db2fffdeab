package dev.kinora.platform;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.Cancellation;
import dev.kinora.events.contract.ReasonCode;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The job ids cancelled on {@code video.cancellations}, as every replica of every stage sees them
 * (a consumer group per replica, read from the earliest retained record). Stages check it before
 * they start a job and the denoiser between steps.
 */
@ApplicationScoped
public class Cancellations {

    private static final Logger LOG = Logger.getLogger(Cancellations.class);
    /** Bounds memory; a job cancelled this long ago has long finished one way or the other. */
    private static final int REMEMBERED = 100_000;

    private final Set<String> cancelled = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    @Incoming("job-cancellations")
    @Blocking
    public void onCancellation(ConsumerRecord<String, byte[]> record) {
        String jobId = record.key();
        try {
            Cancellation c = EventJson.read(record.value(), Cancellation.class);
            if (c != null && c.jobId() != null) {
                jobId = c.jobId();
            }
        } catch (IOException e) {
            // The key alone names the job; a body we cannot read does not undo the cancellation.
            LOG.debugf("cancellation for %s has an unreadable body: %s", jobId, e.getMessage());
        }
        if (jobId != null) {
            cancelled.add(jobId);
        }
    }

    public boolean isCancelled(String jobId) {
        return cancelled.contains(jobId);
    }

    /** Throws the failure that ends a cancelled job, so long work can stop between steps. */
    public void throwIfCancelled(String jobId) {
        if (isCancelled(jobId)) {
            throw new StageFailure(ReasonCode.CANCELLED, "job " + jobId + " was cancelled");
        }
    }
}
