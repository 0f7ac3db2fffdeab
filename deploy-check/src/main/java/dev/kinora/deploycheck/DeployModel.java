package dev.kinora.deploycheck;

import dev.kinora.events.Topics.TopicSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the drift check compares, already parsed. Kept as plain maps and lists so a test can
 * change one value in memory and watch the check fail.
 *
 * @param topics           the source of truth, {@code Topics.all()}
 * @param services         each {@code *-service} module's effective configuration
 * @param k8s              rendered manifests per kustomization (base, overlays/cpu, ...)
 * @param rendered         false when kubectl was missing and {@code k8s} holds the raw base files
 * @param compose          deploy/compose/compose.yaml
 * @param composeTopics    the {@code create} lines of deploy/compose/create-topics.sh
 * @param prometheus       deploy/compose/prometheus/prometheus.yml
 * @param composeAlerts    deploy/compose/prometheus/alerts.yml
 */
public record DeployModel(
        List<TopicSpec> topics,
        List<ServiceConfig> services,
        Map<String, List<Map<String, Object>>> k8s,
        boolean rendered,
        Map<String, Object> compose,
        List<TopicSpec> composeTopics,
        Map<String, Object> prometheus,
        Map<String, Object> composeAlerts) {}
