package dev.kinora.deploycheck;

import static dev.kinora.deploycheck.Tree.at;
import static dev.kinora.deploycheck.Tree.integer;
import static dev.kinora.deploycheck.Tree.list;
import static dev.kinora.deploycheck.Tree.map;
import static dev.kinora.deploycheck.Tree.text;

import dev.kinora.events.Topics.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares deploy/ with the two sources of truth: {@code Topics.all()} for topics, partitions and
 * topic settings, and the services' application.properties for consumer groups and ports. Every
 * disagreement becomes one line that says where it is and what each side says.
 */
public final class DriftCheck {

    /** Input topics that must be autoscaled on lag, and so must have a ScaledObject. */
    static final Set<String> SCALED_TOPICS = Set.of("kinora.encode", "kinora.denoise", "kinora.decode");

    /** {@code consumergroup=~"..."} in PromQL; PromQL regexes match the whole value. */
    private static final Pattern GROUP_FILTER = Pattern.compile("consumergroup=~\"([^\"]*)\"");

    private final DeployModel m;
    private final Map<String, TopicSpec> truth = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private DriftCheck(DeployModel model) {
        this.m = model;
        model.topics().forEach(t -> truth.put(t.name(), t));
    }

    public static List<String> problems(DeployModel model) {
        DriftCheck c = new DriftCheck(model);
        c.serviceTopics();
        model.k8s().forEach(c::kubernetes);
        c.compose();
        return List.copyOf(c.problems);
    }

    private void problem(String where, String what) {
        problems.add(where + ": " + what);
    }

    /** Each channel's topics and dead-letter topic must be topics Kinora creates. */
    private void serviceTopics() {
        for (ServiceConfig s : m.services()) {
            for (ServiceConfig.Incoming in : s.incoming()) {
                String where = s.name() + " channel " + in.channel();
                in.topics().stream().filter(t -> !truth.containsKey(t))
                        .forEach(t -> problem(where, "consumes topic '" + t + "' which is not in Topics.all()"));
                if (in.deadLetterTopic() != null && !truth.containsKey(in.deadLetterTopic())) {
                    problem(where, "dead-letter topic '" + in.deadLetterTopic() + "' is not in Topics.all()");
                }
            }
        }
    }

    private void topicsMatch(String where, List<TopicSpec> found) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec t : found) {
            if (byName.put(t.name(), t) != null) {
                problem(where, "topic '" + t.name() + "' is declared twice");
            }
        }
        for (TopicSpec want : truth.values()) {
            TopicSpec got = byName.get(want.name());
            if (got == null) {
                problem(where, "topic '" + want.name() + "' from Topics.all() is missing");
                continue;
            }
            if (got.partitions() != want.partitions()) {
                problem(where, "topic '" + want.name() + "' has " + got.partitions()
                        + " partitions, Topics.all() says " + want.partitions());
            }
            want.config().forEach((k, v) -> {
                String g = got.config().get(k);
                if (!v.equals(g)) {
                    problem(where, "topic '" + want.name() + "' " + k + "=" + g + ", Topics.all() says " + v);
                }
            });
        }
        byName.keySet().stream().filter(n -> !truth.containsKey(n))
                .forEach(n -> problem(where, "topic '" + n + "' is not in Topics.all()"));
    }

    private void kubernetes(String where, List<Map<String, Object>> docs) {
        List<TopicSpec> topics = new ArrayList<>();
        for (Map<String, Object> d : of(docs, "KafkaTopic")) {
            Map<String, String> config = new LinkedHashMap<>();
            map(d, "spec", "config").forEach((k, v) -> config.put(k, String.valueOf(v)));
            String name = Objects.requireNonNullElse(text(d, "spec", "topicName"), text(d, "metadata", "name"));
            Integer partitions = integer(d, "spec", "partitions");
            topics.add(new TopicSpec(name, partitions == null ? -1 : partitions, config));
        }
        topicsMatch(where + " KafkaTopics", topics);
        scaledObjects(where, docs);
        deployments(where, docs);
        alertsMatch(where, docs);
    }

    private void scaledObjects(String where, List<Map<String, Object>> docs) {
        Set<String> scaledTopics = new TreeSet<>();
        String bootstrap = configValue(docs, "KAFKA_BOOTSTRAP_SERVERS");
        for (Map<String, Object> so : of(docs, "ScaledObject")) {
            String name = text(so, "metadata", "name");
            String target = text(so, "spec", "scaleTargetRef", "name");
            String at = where + " ScaledObject " + name;
            ServiceConfig service = service(target);
            if (service == null) {
                problem(at, "scaleTargetRef '" + target + "' is not a Kinora service");
                continue;
            }
            Integer min = integer(so, "spec", "minReplicaCount");
            if (min == null || min < 1) {
                problem(at, "minReplicaCount is " + min + ": it must be >= 1, or a group without committed"
                        + " offsets never reports lag and KEDA never scales up");
            }
            for (Object trigger : list(so, "spec", "triggers")) {
                if (!"kafka".equals(text(trigger, "type"))) {
                    continue;
                }
                String topic = text(trigger, "metadata", "topic");
                String group = text(trigger, "metadata", "consumerGroup");
                scaledTopics.add(topic);
                ServiceConfig.Incoming in = service.incoming().stream()
                        .filter(i -> i.topics().contains(topic)).findFirst().orElse(null);
                if (in == null) {
                    problem(at, "scales on topic '" + topic + "' which " + target + " does not consume");
                } else if (!Objects.equals(in.groupId(), group)) {
                    problem(at, "consumerGroup '" + group + "' but " + target + " consumes " + topic
                            + " with group.id '" + in.groupId() + "'");
                }
                TopicSpec spec = truth.get(topic);
                Integer max = integer(so, "spec", "maxReplicaCount");
                if (spec != null && (max == null || max > spec.partitions())) {
                    problem(at, "maxReplicaCount " + max + " exceeds the " + spec.partitions()
                            + " partitions of " + topic + ": extra replicas would idle");
                }
                String servers = text(trigger, "metadata", "bootstrapServers");
                if (bootstrap != null && !bootstrap.equals(servers)) {
                    problem(at, "bootstrapServers '" + servers + "' but the services use '" + bootstrap + "'");
                }
            }
        }
        for (String t : SCALED_TOPICS) {
            if (!scaledTopics.contains(t)) {
                problem(where, "no ScaledObject scales on the lag of " + t);
            }
        }
    }

    private void deployments(String where, List<Map<String, Object>> docs) {
        for (ServiceConfig s : m.services()) {
            String at = where + " Deployment " + s.name();
            Map<String, Object> dep = named(docs, "Deployment", s.name());
            if (dep == null) {
                problem(where, "no Deployment for " + s.name());
                continue;
            }
            Object c = at(dep, "spec", "template", "spec", "containers", 0);
            Integer port = list(c, "ports").stream().filter(p -> "http".equals(text(p, "name")))
                    .map(p -> integer(p, "containerPort")).findFirst().orElse(null);
            if (!Objects.equals(port, s.httpPort())) {
                problem(at, "http containerPort " + port + " but quarkus.http.port is " + s.httpPort());
            }
            String envPort = env(c, "QUARKUS_HTTP_PORT");
            if (envPort != null && !envPort.equals(String.valueOf(s.httpPort()))) {
                problem(at, "QUARKUS_HTTP_PORT=" + envPort + " overrides quarkus.http.port " + s.httpPort());
            }
            Map<String, Object> svc = named(docs, "Service", s.name());
            if (svc != null && list(svc, "spec", "ports").stream().noneMatch(p -> Objects.equals(integer(p, "port"), s.httpPort()))) {
                problem(where + " Service " + s.name(), "does not expose port " + s.httpPort());
            }
            if (m.rendered()) {
                renderedContainer(at, docs, c);
            }
        }
    }

    /** What the shared patch must have given every service container once rendered. */
    private void renderedContainer(String at, List<Map<String, Object>> docs, Object c) {
        for (String key : List.of("KAFKA_BOOTSTRAP_SERVERS", "KINORA_S3_ENDPOINT", "KINORA_MODEL_PATH")) {
            if (env(c, key) == null && configValue(docs, key) == null) {
                problem(at, key + " is not set");
            }
        }
        for (String key : List.of("KINORA_S3_ACCESS_KEY", "KINORA_S3_SECRET_KEY")) {
            Object e = list(c, "env").stream().filter(v -> key.equals(text(v, "name"))).findFirst().orElse(null);
            if (text(e, "valueFrom", "secretKeyRef", "name") == null) {
                problem(at, key + " must come from a Secret (valueFrom.secretKeyRef)");
            }
        }
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = text(c, probe, "httpGet", "path");
            if (path == null || !path.startsWith("/q/health/")) {
                problem(at, probe + " must call a Quarkus /q/health endpoint, found " + path);
            }
        }
    }

    /**
     * The compose copy of the alert rules must be the PrometheusRule's groups, and every consumer
     * group filter in an alert must still match each service's fixed group.id.
     */
    private void alertsMatch(String where, List<Map<String, Object>> docs) {
        List<String> groups = m.services().stream().flatMap(s -> s.incoming().stream())
                .map(ServiceConfig.Incoming::groupId).filter(g -> g != null && !g.contains("${")).toList();
        for (Map<String, Object> rule : of(docs, "PrometheusRule")) {
            for (Object group : list(rule, "spec", "groups")) {
                for (Object r : list(group, "rules")) {
                    Matcher filter = GROUP_FILTER.matcher(String.valueOf(text(r, "expr")));
                    while (filter.find()) {
                        Pattern p = Pattern.compile(filter.group(1).replace("\\\\", "\\"));
                        groups.stream().filter(g -> !p.matcher(g).matches()).forEach(g -> problem(
                                where + " PrometheusRule alert " + text(r, "alert"),
                                "consumergroup filter '" + filter.group(1) + "' misses group.id '" + g + "'"));
                    }
                }
            }
            if (!Objects.equals(at(rule, "spec", "groups"), at(m.composeAlerts(), "groups"))) {
                problem("deploy/compose/prometheus/alerts.yml", "differs from " + where + " PrometheusRule "
                        + text(rule, "metadata", "name") + " (copy its spec.groups)");
            }
        }
    }

    private void compose() {
        String where = "deploy/compose";
        topicsMatch(where + "/create-topics.sh", m.composeTopics());
        Set<String> targets = new TreeSet<>();
        list(m.prometheus(), "scrape_configs").forEach(sc -> list(sc, "static_configs")
                .forEach(st -> list(st, "targets").forEach(t -> targets.add(t.toString()))));
        for (ServiceConfig s : m.services()) {
            Object svc = at(m.compose(), "services", s.name());
            String at = where + "/compose.yaml service " + s.name();
            if (svc == null) {
                problem(where + "/compose.yaml", "no service " + s.name());
                continue;
            }
            boolean published = list(svc, "ports").stream().anyMatch(p -> containerPort(p) == s.httpPort());
            if (!published) {
                problem(at, "does not map container port " + s.httpPort() + " (quarkus.http.port)");
            }
            if (text(svc, "environment", "KAFKA_BOOTSTRAP_SERVERS") == null) {
                problem(at, "KAFKA_BOOTSTRAP_SERVERS is not set");
            }
            if (!targets.contains(s.name() + ":" + s.httpPort())) {
                problem(where + "/prometheus/prometheus.yml", "does not scrape " + s.name() + ":" + s.httpPort());
            }
        }
    }

    /** Container side of a compose port: "8081:8081", "127.0.0.1:8081:8081/tcp" or long syntax. */
    private static int containerPort(Object p) {
        if (p instanceof Map<?, ?>) {
            Integer t = integer(p, "target");
            return t == null ? -1 : t;
        }
        String s = p.toString().replaceAll("/.*$", "");
        String last = s.substring(s.lastIndexOf(':') + 1);
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private ServiceConfig service(String name) {
        return m.services().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static String env(Object container, String name) {
        return list(container, "env").stream().filter(v -> name.equals(text(v, "name")))
                .map(v -> text(v, "value")).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** A key of the ConfigMaps the services read through envFrom. */
    private static String configValue(List<Map<String, Object>> docs, String key) {
        return of(docs, "ConfigMap").stream().map(cm -> text(cm, "data", key))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
        return of(docs, kind).stream().filter(d -> name.equals(text(d, "metadata", "name"))).findFirst().orElse(null);
    }
}
