package dev.kinora.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoFailed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A stream of hostile requests mixed with valid ones, produced to video.requests: every valid job
 * completes exactly once, every bad one ends on video.failed with the right reason, nothing hangs.
 */
class HostileInputTest extends EndToEndTest {

    static String valid(String id, String prompt) {
        return "{\"requestId\":\"" + id + "\",\"prompt\":" + EventJson.writeString(prompt) + ",\"steps\":4,\"seed\":3}";
    }

    @Test
    void everyValidJobCompletesAndEveryBadOneFailsWithItsReason() {
        Map<String, String> validRequests = new LinkedHashMap<>();
        validRequests.put("ok-plain", valid("ok-plain", "a red circle moving right on a black background"));
        validRequests.put("ok-unicode", valid("ok-unicode", "a ｒｅｄ circle 🔴 → right, ünïcödé, مرحبا"));
        validRequests.put("ok-markup", valid("ok-markup", "<script>alert(1)</script> a blue <b>square</b>"));

        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("bad-json", "{\"requestId\":\"bad-json\",\"prompt\":".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-type", "{\"requestId\":\"bad-type\",\"prompt\":\"p\",\"width\":\"wide\"}".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-huge", "{\"requestId\":\"bad-huge\",\"prompt\":\"p\",\"frames\":1e12}".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-nan", "{\"requestId\":\"bad-nan\",\"prompt\":\"p\",\"guidanceScale\":NaN}".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-megabyte", ("{\"requestId\":\"bad-megabyte\",\"prompt\":\"" + "a".repeat(1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-model", "{\"requestId\":\"bad-model\",\"prompt\":\"p\",\"model\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-size", "{\"requestId\":\"bad-size\",\"prompt\":\"p\",\"width\":65,\"height\":64}".getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-long", ("{\"requestId\":\"bad-long\",\"prompt\":\"" + "circle ".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8));
        hostile.put("bad-empty", new byte[0]);
        hostile.put("bad-policy", "{\"requestId\":\"bad-policy\",\"prompt\":\"a v-i-o-l-e-n-c-e scene\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, ReasonCode> expected = Map.of(
                "bad-json", ReasonCode.INVALID_REQUEST, "bad-type", ReasonCode.INVALID_REQUEST,
                "bad-huge", ReasonCode.INVALID_REQUEST, "bad-nan", ReasonCode.INVALID_REQUEST,
                "bad-megabyte", ReasonCode.INVALID_REQUEST, "bad-model", ReasonCode.UNSUPPORTED_MODEL,
                "bad-size", ReasonCode.UNSUPPORTED_SIZE, "bad-long", ReasonCode.PROMPT_TOO_LONG,
                "bad-empty", ReasonCode.INVALID_REQUEST, "bad-policy", ReasonCode.CONTENT_POLICY);

        // Interleave, and send every valid request twice (a duplicate request id is one job).
        List<String> validIds = List.copyOf(validRequests.keySet());
        List<String> hostileIds = List.copyOf(hostile.keySet());
        for (int i = 0; i < Math.max(validIds.size(), hostileIds.size()); i++) {
            if (i < validIds.size()) {
                String id = validIds.get(i);
                kafka.send(Topics.VIDEO_REQUESTS, id, validRequests.get(id).getBytes(StandardCharsets.UTF_8));
            }
            if (i < hostileIds.size()) {
                kafka.send(Topics.VIDEO_REQUESTS, hostileIds.get(i), hostile.get(hostileIds.get(i)));
            }
        }
        validIds.forEach(id -> kafka.send(Topics.VIDEO_REQUESTS, id, validRequests.get(id).getBytes(StandardCharsets.UTF_8)));

        // Wait for the outcomes we expect, then a little longer for any we must not see.
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> validOutcome =
                r -> validIds.stream().anyMatch(id -> hasRequestId(r, id));
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> anyOutcome =
                r -> validOutcome.test(r) || hostileIds.stream().anyMatch(id -> hasRequestId(r, id));
        kafka.expect(Topics.VIDEO_COMPLETED, validOutcome, validIds.size(), Duration.ofMinutes(4));
        kafka.expect(Topics.VIDEO_FAILED, anyOutcome, hostileIds.size(), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> completed = kafka.await(Topics.VIDEO_COMPLETED, validOutcome,
                validIds.size() + 1, Duration.ofSeconds(10));
        List<ConsumerRecord<String, byte[]>> failed = kafka.await(Topics.VIDEO_FAILED, anyOutcome,
                hostileIds.size() + 1, Duration.ofSeconds(5));

        Map<String, Integer> completedCount = new LinkedHashMap<>();
        completed.forEach(r -> validIds.stream().filter(id -> hasRequestId(r, id))
                .forEach(id -> completedCount.merge(id, 1, Integer::sum)));
        Map<String, ReasonCode> reasons = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : failed) {
            VideoFailed f = read(r.value());
            reasons.put(f.requestId(), f.reason());
        }
        System.out.printf("hostile stream: submitted %d valid (each twice) + %d hostile; completed %s; failed %s%n",
                validIds.size(), hostileIds.size(), completedCount, reasons);
        for (String id : validIds) {
            assertEquals(1, completedCount.getOrDefault(id, 0), "valid request " + id + " completes exactly once");
        }
        assertEquals(expected, reasons, "every hostile request fails with its reason, and no valid one fails");
        assertEquals(hostileIds.size(), failed.size(), "one outcome per hostile request");
    }

    static VideoFailed read(byte[] json) {
        try {
            return EventJson.read(json, VideoFailed.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
