package dev.kinora.prompt.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.events.EventJson;
import dev.kinora.events.contract.GenerationRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * video.requests → job intake, as the tenant its {@code kinora-tenant} header names. A malformed
 * record is answered on video.failed, never retried.
 */
@ApplicationScoped
public class RequestListener {

    private static final Logger LOG = Logger.getLogger(RequestListener.class);

    @Inject
    JobIntake intake;

    @Incoming("video-requests")
    @Blocking
    public void onRequest(ConsumerRecord<String, byte[]> record) {
        GenerationRequest request;
        try {
            request = RequestParser.parse(record.value());
        } catch (RequestRejected e) {
            LOG.infof("rejected request at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            intake.rejectFromKafka(bestEffortRequestId(record), Map.of(), e);
            return;
        }
        try {
            intake.submit(request, KafkaTenant.of(record), null);
        } catch (RequestRejected e) {
            intake.rejectFromKafka(request.requestId(), request.metadata(), e);
        }
    }

    /** The requestId of a record we could not fully parse, so the producer can still correlate. */
    private static String bestEffortRequestId(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode node = EventJson.mapper().readTree(record.value());
            if (node != null && node.path("requestId").isTextual()) {
                return node.path("requestId").asText();
            }
        } catch (Exception ignored) {
            // fall back to the record key
        }
        return record.key();
    }
}
