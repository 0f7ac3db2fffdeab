package dev.kinora.storage.outcome;

import dev.kinora.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The jobs that already have their outcome, per partition of kinora.outcomes. Partition p's set
 * is read from partition p of video.completed and video.failed (committed records only, within
 * the dedupe window), since the gate writes every outcome to the partition it came from. A
 * partition is read when its first outcome arrives, not at assignment: by then the consumer has
 * its committed position, which Kafka hands out only once a previous owner's transaction ended,
 * and the read waits until that transaction's markers have settled on the outcome topics.
 */
final class EndedJobs {

    private static final List<String> OUTCOME_TOPICS = List.of(Topics.VIDEO_COMPLETED, Topics.VIDEO_FAILED);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Past Kafka's default transaction timeout (60 s), after which the broker aborts a dead gate's transaction. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, Object> kafkaConfig;
    private final Duration window;
    private final Map<Integer, Set<String>> ended = new HashMap<>();

    EndedJobs(Map<String, Object> kafkaConfig, Duration window) {
        this.kafkaConfig = kafkaConfig;
        this.window = window;
    }

    /** Reads the outcomes already published for this partition; blocks until caught up. */
    private Set<String> load(int partition) {
        List<TopicPartition> sources = new ArrayList<>();
        for (String topic : OUTCOME_TOPICS) {
            sources.add(new TopicPartition(topic, partition));
        }
        Set<String> loaded = new HashSet<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerConfig("read_committed"));
             KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(readerConfig("read_uncommitted"))) {
            reader.assign(sources);
            long since = Instant.now().minus(window).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            sources.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = reader.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = settledEnds(reader, probe, sources);
            for (TopicPartition tp : sources) {
                OffsetAndTimestamp start = starts.get(tp);
                reader.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            while (!caughtUp(reader, ends)) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(POLL)) {
                    if (r.key() != null) {
                        loaded.add(r.key());
                    }
                }
            }
        }
        return loaded;
    }

    /** Forgets partitions this replica no longer owns; whoever owns them next reads them again. */
    void drop(Collection<Integer> partitions) {
        partitions.forEach(ended::remove);
    }

    /** Records the job as ended; false when it had ended before (a duplicate outcome). */
    boolean markEnded(int partition, String jobId) {
        return ended.computeIfAbsent(partition, this::load).add(jobId);
    }

    /**
     * The end offsets once no transaction is open on these partitions (last stable offset equal
     * to the high watermark). A previous owner's transaction may still be settling when this
     * replica takes over; reading before it settles would miss outcomes it is about to commit.
     */
    private static Map<TopicPartition, Long> settledEnds(KafkaConsumer<String, byte[]> reader,
            KafkaConsumer<String, byte[]> probe, List<TopicPartition> sources) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = reader.endOffsets(sources);
            if (stable.equals(probe.endOffsets(sources)) || System.nanoTime() > deadline) {
                return stable;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stable;
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
        // Under read_committed the end offsets are the last stable ones, which a reader reaches.
        return ends.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
    }

    private Map<String, Object> readerConfig(String isolation) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }
}
