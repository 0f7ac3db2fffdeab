package dev.kinora.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic Kinora uses, with the settings it is created with. The local stack creates
 * topics from this list, and deploy/ is checked against it, so names cannot drift.
 */
public final class Topics {

    public static final String VIDEO_REQUESTS = "video.requests";
    public static final String VIDEO_CANCELLATIONS = "video.cancellations";
    public static final String VIDEO_PROGRESS = "video.progress";
    public static final String VIDEO_COMPLETED = "video.completed";
    public static final String VIDEO_FAILED = "video.failed";

    public static final String ENCODE = "kinora.encode";
    public static final String DENOISE = "kinora.denoise";
    public static final String DECODE = "kinora.decode";
    public static final String STORE = "kinora.store";
    public static final String JOBS = "kinora.jobs";
    /**
     * Every stage's outcome candidates (completed or failed) before the outcome gate lets the first
     * one per job through to video.completed or video.failed.
     */
    public static final String OUTCOMES = "kinora.outcomes";

    /**
     * kinora.outcomes, video.completed and video.failed share this count: the gate writes each
     * outcome to the partition it read it from, so one partition of each holds the same jobs.
     */
    public static final int OUTCOME_PARTITIONS = 4;

    /** Tensor and video payloads may reach the claim-check threshold plus headers. */
    public static final int LARGE_RECORD_BYTES = 16 * 1024 * 1024;

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    /** How a topic is created. */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {}

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Internal stage topics, each of which has a dead-letter twin. */
    public static List<String> stageTopics() {
        return List.of(ENCODE, DENOISE, DECODE, STORE);
    }

    public static List<TopicSpec> all() {
        List<TopicSpec> specs = new ArrayList<>();
        Map<String, String> week = Map.of("retention.ms", Long.toString(7 * DAY_MS));
        Map<String, String> large = Map.of(
                "retention.ms", Long.toString(DAY_MS),
                "max.message.bytes", Integer.toString(LARGE_RECORD_BYTES));
        specs.add(new TopicSpec(VIDEO_REQUESTS, 4, week));
        specs.add(new TopicSpec(VIDEO_CANCELLATIONS, 4, week));
        specs.add(new TopicSpec(VIDEO_PROGRESS, 4, Map.of("retention.ms", Long.toString(DAY_MS))));
        specs.add(new TopicSpec(VIDEO_COMPLETED, OUTCOME_PARTITIONS, week));
        specs.add(new TopicSpec(VIDEO_FAILED, OUTCOME_PARTITIONS, week));
        specs.add(new TopicSpec(OUTCOMES, OUTCOME_PARTITIONS, week));
        specs.add(new TopicSpec(ENCODE, 4, week));
        specs.add(new TopicSpec(DENOISE, 8, large));
        specs.add(new TopicSpec(DECODE, 4, large));
        specs.add(new TopicSpec(STORE, 4, large));
        for (String stage : stageTopics()) {
            specs.add(new TopicSpec(deadLetter(stage), 1, large));
        }
        specs.add(new TopicSpec(JOBS, 4, Map.of("cleanup.policy", "compact")));
        return List.copyOf(specs);
    }
}
