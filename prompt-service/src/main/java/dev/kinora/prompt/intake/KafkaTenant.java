package dev.kinora.prompt.intake;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.contract.JobState;
import dev.kinora.events.contract.ReasonCode;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The tenant of a request produced to {@code video.requests}: its {@code kinora-tenant} header, or
 * the default tenant without one. Kafka ACLs, not this class, decide who may produce as whom.
 */
public final class KafkaTenant {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private KafkaTenant() {}

    public static String of(ConsumerRecord<String, byte[]> record) {
        String tenant = CloudEventHeaders.get(record.headers(), CloudEventHeaders.TENANT);
        if (tenant == null) {
            return JobState.DEFAULT_TENANT;
        }
        if (!NAME.matcher(tenant).matches()) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "header " + CloudEventHeaders.TENANT
                    + " must match " + NAME.pattern(), List.of(new RequestRejected.FieldError(CloudEventHeaders.TENANT,
                    "is not a tenant name")));
        }
        return tenant;
    }
}
