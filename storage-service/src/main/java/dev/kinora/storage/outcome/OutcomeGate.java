package dev.kinora.storage.outcome;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lets exactly one outcome per job through: reads the stages' candidates from kinora.outcomes and
 * passes the first per job on to video.completed or video.failed. Each batch's outputs and its
 * consumed offsets commit in one Kafka transaction, so a crash neither repeats nor loses one;
 * a later candidate for an ended job (a stage replayed a record) is dropped.
 */
@ApplicationScoped
public class OutcomeGate {

    private static final Logger LOG = Logger.getLogger(OutcomeGate.class);
    private static final String GROUP = "kinora-outcome-gate";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(2);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry metrics;

    /** How far back the published outcomes are read to recognise a repeat; the topics keep a week. */
    @ConfigProperty(name = "kinora.outcomes.dedupe-window", defaultValue = "P7D")
    Duration dedupeWindow;

    @ConfigProperty(name = "kinora.outcomes.gate.enabled", defaultValue = "true")
    boolean enabled;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread worker;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("kinora-outcome-gate").start(this::runUntilStopped);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            worker.join(Duration.ofSeconds(20));
        }
    }

    private void runUntilStopped() {
        while (running) {
            try {
                runSession();
            } catch (WakeupException e) {
                // Shutting down.
            } catch (RuntimeException e) {
                // Broker gone, fenced, or a failed commit: the open transaction is aborted, and a
                // fresh session re-reads the committed offsets and the published outcomes.
                LOG.warnf("outcome gate restarting after: %s", e.toString());
                sleepQuietly(RESTART_BACKOFF);
            }
        }
    }

    private void runSession() {
        EndedJobs ended = new EndedJobs(kafkaConfig, dedupeWindow);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig());
             KafkaConsumer<String, byte[]> session = new KafkaConsumer<>(consumerConfig())) {
            consumer = session;
            producer.initTransactions();
            session.subscribe(List.of(Topics.OUTCOMES), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    ended.drop(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = session.poll(POLL);
                if (!records.isEmpty()) {
                    passFirstOutcomes(records, ended, producer, session);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void passFirstOutcomes(ConsumerRecords<String, byte[]> records, EndedJobs ended,
            KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> session) {
        producer.beginTransaction();
        try {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                String target = targetTopic(record);
                if (target == null || record.key() == null) {
                    LOG.warnf("dropping a record on %s without job id or outcome type (offset %d)",
                            Topics.OUTCOMES, record.offset());
                    metrics.counter("kinora_outcomes_total", "outcome", "unreadable").increment();
                } else if (ended.markEnded(record.partition(), record.key())) {
                    producer.send(new ProducerRecord<>(target, record.partition(), record.key(), record.value(), record.headers()));
                    metrics.counter("kinora_outcomes_total", "outcome", outcomeName(target)).increment();
                } else {
                    LOG.infof("job %s already ended; dropping a repeated outcome", record.key());
                    metrics.counter("kinora_outcomes_total", "outcome", "duplicate").increment();
                }
            }
            producer.sendOffsetsToTransaction(next, session.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static String targetTopic(ConsumerRecord<String, byte[]> record) {
        String type = CloudEventHeaders.get(record.headers(), CloudEventHeaders.TYPE);
        if (CloudEventHeaders.TYPE_COMPLETED.equals(type)) {
            return Topics.VIDEO_COMPLETED;
        }
        if (CloudEventHeaders.TYPE_FAILED.equals(type)) {
            return Topics.VIDEO_FAILED;
        }
        return null;
    }

    private static String outcomeName(String topic) {
        return Topics.VIDEO_COMPLETED.equals(topic) ? "completed" : "failed";
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // Zombie gates are fenced through the consumer group's generation (KIP-447), so the id
        // only has to be unique per session.
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, GROUP + "-" + UUID.randomUUID());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }
}
