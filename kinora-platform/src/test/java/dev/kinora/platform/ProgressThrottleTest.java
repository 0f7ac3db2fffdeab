package dev.kinora.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    @Test
    void publishesTheFirstAndLastStepAndAtMostOnePerInterval() {
        long[] now = {0};
        ProgressThrottle throttle = new ProgressThrottle(Duration.ofMillis(250), () -> now[0]);
        List<Integer> published = new ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            now[0] += Duration.ofMillis(100).toNanos(); // 10 steps a second
            if (throttle.shouldPublish(step, 20)) {
                published.add(step);
            }
        }
        assertEquals(List.of(1, 4, 7, 10, 13, 16, 19, 20), published);
    }

    @Test
    void aZeroIntervalPublishesEveryStep() {
        ProgressThrottle throttle = new ProgressThrottle(Duration.ZERO, () -> 0L);
        for (int step = 1; step <= 5; step++) {
            assertEquals(true, throttle.shouldPublish(step, 5));
        }
    }
}
