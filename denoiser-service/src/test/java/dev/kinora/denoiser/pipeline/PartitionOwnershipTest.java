package dev.kinora.denoiser.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The owned set across the rebalance sequences of both protocols. */
class PartitionOwnershipTest {

    private static final String TOPIC = "kinora.denoise";

    private static List<TopicPartition> partitions(int... numbers) {
        return Arrays.stream(numbers).mapToObj(n -> new TopicPartition(TOPIC, n)).toList();
    }

    @Test
    void eagerRebalanceMovesOnlyWhatIsNotAssignedBack() {
        PartitionOwnership ownership = new PartitionOwnership();
        ownership.onPartitionsAssigned(null, partitions(0, 1, 2, 3));
        ownership.onPartitionsRevoked(null, partitions(0, 1, 2, 3));
        // Between the revocation and the new assignment nothing counts as moved.
        assertTrue(ownership.owns(TOPIC, 3), "a revoked partition is still worked on until the assignment");
        ownership.onPartitionsAssigned(null, partitions(0, 1));
        assertTrue(ownership.owns(TOPIC, 0));
        assertTrue(ownership.owns(TOPIC, 1));
        assertFalse(ownership.owns(TOPIC, 2), "not assigned back: moved");
        assertFalse(ownership.owns(TOPIC, 3), "not assigned back: moved");
    }

    @Test
    void cooperativeRebalanceMovesTheRevokedAndAddsTheAssigned() {
        PartitionOwnership ownership = new PartitionOwnership();
        ownership.onPartitionsAssigned(null, partitions(0, 1, 2, 3));
        ownership.onPartitionsRevoked(null, partitions(3));
        ownership.onPartitionsAssigned(null, partitions());
        assertTrue(ownership.owns(TOPIC, 2));
        assertFalse(ownership.owns(TOPIC, 3));
        ownership.onPartitionsAssigned(null, partitions(3, 4));
        assertTrue(ownership.owns(TOPIC, 3), "assigned again later");
        assertTrue(ownership.owns(TOPIC, 4));
        assertFalse(ownership.owns("another.topic", 4), "owned per topic");
    }

    @Test
    void lostPartitionsAreNoLongerOwned() {
        PartitionOwnership ownership = new PartitionOwnership();
        ownership.onPartitionsAssigned(null, partitions(0, 1));
        ownership.onPartitionsLost(null, partitions(0, 1));
        assertFalse(ownership.owns(TOPIC, 0));
        ownership.onPartitionsAssigned(null, partitions(1));
        assertTrue(ownership.owns(TOPIC, 1), "rejoined and assigned");
        assertFalse(ownership.owns(TOPIC, 0));
    }
}
