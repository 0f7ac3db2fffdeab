package dev.kinora.denoiser.pipeline;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Which {@code kinora.denoise} partitions this replica owns, as of the last completed rebalance.
 * When a replica joins, the partitions it takes over replay their uncommitted records on it; the
 * previous owner asks here between steps and stops its copy of such a job (checkpointed) rather
 * than denoise it a second time. Between a revocation and the assignment that follows it nothing
 * counts as moved: under the eager protocol every partition is revoked first, most come back.
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {

    static final String NAME = "denoise-partition-ownership";

    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

    private final Set<TopicPartition> revokedSinceAssignment = new HashSet<>();
    private volatile Set<TopicPartition> owned = Set.of();

    @Override
    public synchronized void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        revokedSinceAssignment.addAll(partitions);
    }

    @Override
    public synchronized void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Eager protocol: everything was revoked and this is the new full set. Cooperative: only the
        // moved partitions were revoked and this adds the new ones. Both: owned minus revoked plus assigned.
        Set<TopicPartition> now = new HashSet<>(owned);
        now.removeAll(revokedSinceAssignment);
        now.addAll(partitions);
        Set<TopicPartition> moved = new HashSet<>(owned);
        moved.removeAll(now);
        owned = Set.copyOf(now);
        revokedSinceAssignment.clear();
        if (!moved.isEmpty()) {
            LOG.infof("partitions moved to other replicas: %s; their jobs here stop at their next step", moved);
        }
    }

    @Override
    public synchronized void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // The group went on without this replica (session expired): another one replays them already.
        Set<TopicPartition> left = new HashSet<>(owned);
        left.removeAll(partitions);
        owned = Set.copyOf(left);
        revokedSinceAssignment.removeAll(partitions);
    }

    /** Whether the partition was this replica's at the last assignment. */
    public boolean owns(String topic, int partition) {
        return owned.contains(new TopicPartition(topic, partition));
    }
}
