package dev.kinora.denoiser.model;

/**
 * Why a job stopped before its last step. It is checkpointed where it stopped and goes on later,
 * on this replica or another; each reason says who picks it up.
 */
public enum StopReason {

    /** The replica shuts down: the job's record goes back to its partition for the next owner. */
    SHUTDOWN("shutdown"),

    /** A rebalance gave the job's partition to another replica, which replays the uncommitted record. */
    PARTITION_MOVED("partition-moved");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    /** The value of the {@code reason} label on the hand-back metric and in logs. */
    public String label() {
        return label;
    }
}
