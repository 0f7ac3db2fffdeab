package dev.kinora.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents attributes in Kafka binary content mode ({@code ce_*} headers), so that any Kafka
 * client can route and correlate Kinora's events without parsing their bodies.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /**
     * On {@code video.requests}: the tenant the request is for (absent: the default tenant). Kafka
     * does not authenticate a header; the deployment's ACLs decide who may produce to the topic.
     */
    public static final String TENANT = "kinora-tenant";

    /** Event types, versioned so a breaking change gets a new name. */
    public static final String TYPE_REQUEST = "dev.kinora.video.request.v1";
    public static final String TYPE_PROGRESS = "dev.kinora.video.progress.v1";
    public static final String TYPE_COMPLETED = "dev.kinora.video.completed.v1";
    public static final String TYPE_FAILED = "dev.kinora.video.failed.v1";
    public static final String TYPE_CANCELLATION = "dev.kinora.video.cancellation.v1";
    public static final String TYPE_JOB_STATE = "dev.kinora.job.state.v1";
    public static final String TYPE_STAGE_TASK = "dev.kinora.stage.task.v1";

    private CloudEventHeaders() {}

    public static Headers create(String type, String source, String subject, String contentType) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, UUID.randomUUID().toString());
        put(headers, TYPE, type);
        put(headers, SOURCE, "/kinora/" + source);
        put(headers, TIME, Instant.now().toString());
        put(headers, SUBJECT, subject);
        put(headers, CONTENT_TYPE, contentType);
        return headers;
    }

    public static Headers json(String type, String source, String subject) {
        return create(type, source, subject, "application/json");
    }

    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
