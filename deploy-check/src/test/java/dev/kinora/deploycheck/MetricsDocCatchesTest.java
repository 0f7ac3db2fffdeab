package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The metrics check fails when one side changes alone: each test changes the real inputs in memory. */
class MetricsDocCatchesTest {

    private static void expect(MetricsDoc.Inputs in, String fragment) {
        List<String> problems = MetricsDoc.problems(in);
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                () -> "expected a problem containing '" + fragment + "', got " + problems);
    }

    private static MetricsDoc.Inputs real() {
        return MetricsDoc.load(DeployLoader.findRoot());
    }

    @Test
    void aMetricAddedToTheCodeOnly() {
        MetricsDoc.Inputs r = real();
        Map<String, Set<String>> registered = new TreeMap<>(r.registered());
        registered.put("kinora_windows_total", Set.of("denoiser-service/src/main/java/Example.java"));
        expect(new MetricsDoc.Inputs(registered, r.rows(), r.panelQueries(), r.alertExprs()),
                "metric 'kinora_windows_total' (registered in denoiser-service/src/main/java/Example.java) is missing");
    }

    @Test
    void aRowDeletedFromTheTable() {
        MetricsDoc.Inputs r = real();
        List<MetricsDoc.Row> rows = new ArrayList<>(r.rows());
        assertTrue(rows.removeIf(row -> row.metric().equals("kinora_denoise_resumed_total")));
        expect(new MetricsDoc.Inputs(r.registered(), rows, r.panelQueries(), r.alertExprs()),
                "metric 'kinora_denoise_resumed_total' (registered in");
    }

    @Test
    void aMetricRemovedFromTheCodeButStillDocumented() {
        MetricsDoc.Inputs r = real();
        Map<String, Set<String>> registered = new TreeMap<>(r.registered());
        registered.remove("kinora_denoise_skipped_moved_total");
        expect(new MetricsDoc.Inputs(registered, r.rows(), r.panelQueries(), r.alertExprs()),
                "documents metric 'kinora_denoise_skipped_moved_total', which no code registers");
    }

    @Test
    void aPanelRenamedOrNoLongerQueryingItsMetric() {
        MetricsDoc.Inputs r = real();
        Map<String, List<String>> panels = new LinkedHashMap<>(r.panelQueries());
        panels.put("Stage retries after transient failures", List.of("sum(rate(kinora_stage_seconds_count[5m]))"));
        panels.remove("Requests by outcome and reason");
        MetricsDoc.Inputs changed = new MetricsDoc.Inputs(r.registered(), r.rows(), panels, r.alertExprs());
        expect(changed, "dashboard panel \"Stage retries after transient failures\" does not query 'kinora_stage_retries_total'");
        expect(changed, "names panel \"Requests by outcome and reason\", which is not on the dashboard");
    }

    @Test
    void anAlertNoLongerQueryingItsMetric() {
        MetricsDoc.Inputs r = real();
        Map<String, String> alerts = new LinkedHashMap<>(r.alertExprs());
        alerts.put("KinoraStageFailureRate", "sum(rate(kafka_topic_partition_current_offset[15m])) > 1");
        expect(new MetricsDoc.Inputs(r.registered(), r.rows(), r.panelQueries(), alerts),
                "alert KinoraStageFailureRate does not query 'kinora_stage_seconds'");
    }

    @Test
    void namesAreFoundInTheirPrometheusAndInTheirDottedForm() {
        String source = """
                registry.counter("kinora_a_total", "reason", "x").increment();
                Timer.builder("kinora.b.seconds").register(registry);
                String notAMetric = "kinora.progress.min-interval";
                """;
        assertEquals(Set.of("kinora_a_total", "kinora_b_seconds"), MetricsDoc.names(source));
    }
}
