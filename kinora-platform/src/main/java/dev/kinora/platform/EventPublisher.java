package dev.kinora.platform;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.contract.VideoProgress;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every record a service writes goes through here, keyed by job id with CloudEvents headers.
 * Sends wait for the broker's acknowledgement, so a stage acknowledges its input only after
 * its output is durable (commit after produce); progress events alone do not wait.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("kinora-out")
    MutinyEmitter<byte[]> emitter;

    @Inject
    ClaimCheck claims;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    public void publishJson(String topic, String jobId, String type, Object event) {
        send(topic, jobId, EventJson.write(event), CloudEventHeaders.json(type, source, jobId));
    }

    /**
     * Hands a safetensors payload to the next stage: inline when small, through the claim check
     * when large, with the header that tells the consumer which.
     */
    public void publishTask(String topic, Stage next, String jobId, byte[] payload) {
        ClaimCheck.Outgoing out = claims.offload(jobId, next.key(), payload);
        Headers headers = CloudEventHeaders.create(CloudEventHeaders.TYPE_STAGE_TASK, source, jobId,
                "application/vnd.safetensors");
        out.addTo(headers);
        send(topic, jobId, out.value(), headers);
    }

    /**
     * Puts a copy of a consumed record back on its topic under the same key, so it lands on the
     * same partition behind what is there; for work a replica hands back while it shuts down.
     */
    public void republish(ConsumerRecord<String, byte[]> record) {
        send(record.topic(), record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
    }

    /**
     * Progress is informative and superseded by the next event, so it is not worth a broker round
     * trip on the job's critical path: it is sent without waiting for the acknowledgement.
     */
    public void progress(JobSpec job, Stage stage, int step, int steps) {
        emitter.sendMessageAndForget(message(Topics.VIDEO_PROGRESS, job.jobId(),
                EventJson.write(VideoProgress.of(job, stage, step, steps)),
                CloudEventHeaders.json(CloudEventHeaders.TYPE_PROGRESS, source, job.jobId())));
    }

    public void failed(JobSpec job, ReasonCode reason, String message, Stage stage) {
        failed(VideoFailed.of(job, reason, message, stage.key()));
    }

    /**
     * A job's end goes to kinora.outcomes, not straight to video.failed: a replayed record can
     * fail or finish a job twice, and the outcome gate passes on only the first.
     */
    public void failed(VideoFailed failed) {
        publishJson(Topics.OUTCOMES, failed.jobId(), CloudEventHeaders.TYPE_FAILED, failed);
    }

    /** Like {@link #failed(VideoFailed)}: through the outcome gate to video.completed. */
    public void completed(VideoCompleted completed) {
        publishJson(Topics.OUTCOMES, completed.jobId(), CloudEventHeaders.TYPE_COMPLETED, completed);
    }

    private void send(String topic, String key, byte[] value, Headers headers) {
        emitter.sendMessageAndAwait(message(topic, key, value, headers));
    }

    private static Message<byte[]> message(String topic, String key, byte[] value, Headers headers) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return Message.of(value).addMetadata(metadata);
    }
}
