package dev.kinora.e2e;

import dev.kinora.testkit.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** Starts Kafka, S3 and the five services once per test class, and a plain Kafka client on them. */
@Tag("service")
abstract class EndToEndTest {

    @TempDir
    static Path state;

    static Infrastructure infra;
    static KafkaTestClient kafka;

    @BeforeAll
    static void start() throws Exception {
        infra = Infrastructure.start(state);
        kafka = new KafkaTestClient(infra.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    /** Whether an outcome event belongs to the request with this id. */
    static boolean hasRequestId(ConsumerRecord<String, byte[]> r, String requestId) {
        return new String(r.value(), StandardCharsets.UTF_8).contains("\"requestId\":\"" + requestId + "\"");
    }
}
