package dev.kinora.e2e;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.testkit.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The outcomes a set of requests got: how many completed, failed (by reason), ended more than
 * once (duplicated) or not at all (lost). What the fault-injection tests assert and print.
 */
record OutcomeTally(int submitted, int completed, Map<String, Integer> failedByReason, int duplicated, int lost) {

    /** Waits until every request has an outcome (or the timeout), then a little longer for repeats. */
    static OutcomeTally await(KafkaTestClient kafka, List<String> requestIds, Duration timeout) {
        Predicate<ConsumerRecord<String, byte[]>> ours = r -> requestIds.stream().anyMatch(id -> EndToEndTest.hasRequestId(r, id));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> completed = List.of();
        List<ConsumerRecord<String, byte[]>> failed = List.of();
        while (System.nanoTime() < deadline) {
            completed = kafka.await(Topics.VIDEO_COMPLETED, ours, requestIds.size(), Duration.ofSeconds(5));
            failed = kafka.await(Topics.VIDEO_FAILED, ours, requestIds.size() - completed.size(), Duration.ofSeconds(1));
            if (completed.size() + failed.size() >= requestIds.size()) {
                break;
            }
        }
        // Anything past one outcome per request is a duplicate; give a late one time to show.
        completed = kafka.await(Topics.VIDEO_COMPLETED, ours, requestIds.size() + 1, Duration.ofSeconds(5));
        failed = kafka.await(Topics.VIDEO_FAILED, ours, requestIds.size() + 1, Duration.ofSeconds(2));
        Map<String, Integer> outcomesPerRequest = new TreeMap<>();
        Map<String, Integer> failedByReason = new TreeMap<>();
        for (String id : requestIds) {
            outcomesPerRequest.put(id, 0);
        }
        for (ConsumerRecord<String, byte[]> r : completed) {
            requestIds.stream().filter(id -> EndToEndTest.hasRequestId(r, id)).forEach(id -> outcomesPerRequest.merge(id, 1, Integer::sum));
        }
        for (ConsumerRecord<String, byte[]> r : failed) {
            VideoFailed f = read(r.value());
            failedByReason.merge(f.reason().name(), 1, Integer::sum);
            outcomesPerRequest.merge(f.requestId(), 1, Integer::sum);
        }
        int duplicated = outcomesPerRequest.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
        int lost = (int) outcomesPerRequest.values().stream().filter(n -> n == 0).count();
        return new OutcomeTally(requestIds.size(), completed.size(), failedByReason, duplicated, lost);
    }

    /** One line for the test log, in the form docs/reliability.md records. */
    String summary(String test) {
        return String.format("%s: submitted %d, completed %d, failed %s, duplicated %d, lost %d",
                test, submitted, completed, failedByReason, duplicated, lost);
    }

    private static VideoFailed read(byte[] json) {
        try {
            return EventJson.read(json, VideoFailed.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
