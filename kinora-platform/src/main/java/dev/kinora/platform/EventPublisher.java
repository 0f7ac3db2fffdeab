package dev.kinora.platform;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.contract.VideoProgress;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every record a service writes goes through here, keyed by job id with CloudEvents headers.
 * Sends wait for the broker's acknowledgement, so a stage acknowledges its input only after
 * its output is durable (commit after produce).
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("kinora-out")
    MutinyEmitter<byte[]> emitter;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    public void publishJson(String topic, String jobId, String type, Object event) {
        send(topic, jobId, EventJson.write(event), CloudEventHeaders.json(type, source, jobId));
    }

    /** A binary payload (safetensors or a claim-check reference) with the headers the caller built. */
    public void publishPayload(String topic, String jobId, byte[] value, Headers headers) {
        send(topic, jobId, value, headers);
    }

    public Headers payloadHeaders(String jobId) {
        return CloudEventHeaders.create(CloudEventHeaders.TYPE_STAGE_TASK, source, jobId, "application/vnd.safetensors");
    }

    public void progress(JobSpec job, Stage stage, int step, int steps) {
        publishJson(Topics.VIDEO_PROGRESS, job.jobId(), CloudEventHeaders.TYPE_PROGRESS,
                VideoProgress.of(job, stage, step, steps));
    }

    public void failed(JobSpec job, ReasonCode reason, String message, Stage stage) {
        publishJson(Topics.VIDEO_FAILED, job.jobId(), CloudEventHeaders.TYPE_FAILED,
                VideoFailed.of(job, reason, message, stage.key()));
    }

    private void send(String topic, String key, byte[] value, Headers headers) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        emitter.sendMessageAndAwait(Message.of(value).addMetadata(metadata));
    }
}
