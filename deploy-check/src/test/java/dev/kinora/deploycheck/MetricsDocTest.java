package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every metric the code registers is in docs/operations.md's table, and its panels and alerts query it. */
class MetricsDocTest {

    @Test
    void everyRegisteredMetricIsDocumentedAndShownWhereTheTableSays() {
        MetricsDoc.Inputs in = MetricsDoc.load(DeployLoader.findRoot());
        // The scan finds metrics registered in each of its three ways: a counter, a timer, a gauge.
        assertTrue(in.registered().keySet().containsAll(Set.of("kinora_requests_total", "kinora_stage_seconds",
                "kinora_denoise_batch_size")), () -> "metrics found in the code: " + in.registered().keySet());
        List<String> problems = MetricsDoc.problems(in);
        assertTrue(problems.isEmpty(), () -> "metrics and " + MetricsDoc.OPERATIONS + " disagree:\n  "
                + String.join("\n  ", problems));
    }
}
