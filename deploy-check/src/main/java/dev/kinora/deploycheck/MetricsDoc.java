package dev.kinora.deploycheck;

import static dev.kinora.deploycheck.Tree.list;
import static dev.kinora.deploycheck.Tree.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares the metrics the code registers with the metrics table in docs/operations.md, and the
 * table's "Dashboard panel / alert" column with the dashboard and the alert rules: a metric
 * missing from the table, a row for a metric no code registers, or a named panel or alert that
 * does not query its metric is a problem.
 */
public final class MetricsDoc {

    static final String OPERATIONS = "docs/operations.md";
    static final String DASHBOARD = "deploy/k8s/base/monitoring/dashboards/kinora-pipeline.json";
    static final String ALERTS = "deploy/k8s/base/monitoring/alerts.yaml";

    /** A Prometheus-style name as a string literal, kinora_ and the rest, in double quotes. */
    private static final Pattern NAME_LITERAL = Pattern.compile("\"(kinora_[a-z0-9_]+)\"");
    /** Micrometer's dotted form (kinora. and the rest) as the first argument of a registration call. */
    private static final Pattern DOTTED_REGISTRATION = Pattern.compile(
            "\\b(?:counter|timer|gauge|summary|builder)\\(\\s*\"(kinora\\.[a-z0-9_.]+)\"");
    /** A row of the metrics table: {@code | `kinora_...` | ... |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(kinora_[a-z0-9_]+)`\\s*\\|(.*)\\|\\s*$");
    private static final Pattern PANEL = Pattern.compile("panel \"([^\"]+)\"");
    private static final Pattern ALERT = Pattern.compile("alert (Kinora[A-Za-z0-9]+)");

    /** One row of the table: the metric and the panels and alerts it says show it. */
    public record Row(String metric, List<String> panels, List<String> alerts) {}

    /**
     * What is compared: metric name to the source files registering it, the table's rows, each
     * dashboard panel's queries by title, each alert's expression by name.
     */
    public record Inputs(Map<String, Set<String>> registered, List<Row> rows, Map<String, List<String>> panelQueries,
            Map<String, String> alertExprs) {}

    private MetricsDoc() {}

    public static Inputs load(Path root) {
        return new Inputs(registeredMetrics(root), rows(read(root.resolve(OPERATIONS))),
                panelQueries(read(root.resolve(DASHBOARD))), alertExprs(read(root.resolve(ALERTS))));
    }

    public static List<String> problems(Inputs in) {
        List<String> problems = new ArrayList<>();
        Map<String, Row> byMetric = new LinkedHashMap<>();
        in.rows().forEach(r -> byMetric.put(r.metric(), r));
        in.registered().forEach((metric, files) -> {
            if (!byMetric.containsKey(metric)) {
                problems.add("metric '" + metric + "' (registered in " + String.join(", ", files)
                        + ") is missing from the metrics table in " + OPERATIONS);
            }
        });
        for (Row row : in.rows()) {
            String metric = row.metric();
            if (!in.registered().containsKey(metric)) {
                problems.add(OPERATIONS + " documents metric '" + metric + "', which no code registers");
            }
            for (String panel : row.panels()) {
                List<String> queries = in.panelQueries().get(panel);
                if (queries == null) {
                    problems.add(OPERATIONS + ": metric '" + metric + "' names panel \"" + panel
                            + "\", which is not on the dashboard " + DASHBOARD);
                } else if (queries.stream().noneMatch(q -> q.contains(metric))) {
                    problems.add("dashboard panel \"" + panel + "\" does not query '" + metric + "'");
                }
            }
            for (String alert : row.alerts()) {
                String expr = in.alertExprs().get(alert);
                if (expr == null) {
                    problems.add(OPERATIONS + ": metric '" + metric + "' names alert " + alert + ", which is not in " + ALERTS);
                } else if (!expr.contains(metric)) {
                    problems.add("alert " + alert + " does not query '" + metric + "'");
                }
            }
        }
        return problems;
    }

    /** Every {@code kinora_*} metric named in the main sources of the repository's modules. */
    static Map<String, Set<String>> registeredMetrics(Path root) {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        String where = root.relativize(file).toString();
                        names(read(file)).forEach(n -> found.computeIfAbsent(n, k -> new TreeSet<>()).add(where));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Metric names in one source file, in their Prometheus form. */
    static Set<String> names(String source) {
        Set<String> names = new TreeSet<>();
        Matcher literal = NAME_LITERAL.matcher(source);
        while (literal.find()) {
            names.add(literal.group(1));
        }
        Matcher dotted = DOTTED_REGISTRATION.matcher(source);
        while (dotted.find()) {
            names.add(dotted.group(1).replace('.', '_'));
        }
        return names;
    }

    /** The rows of the table under "## Metrics" whose first cell is one Kinora metric. */
    static List<Row> rows(String operations) {
        int start = operations.indexOf("\n## Metrics\n");
        if (start < 0) {
            return List.of();
        }
        int end = operations.indexOf("\n## ", start + 1);
        String section = operations.substring(start, end < 0 ? operations.length() : end);
        List<Row> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String[] cells = row.group(2).split("\\|");
            String shownOn = cells[cells.length - 1];
            rows.add(new Row(row.group(1), all(PANEL, shownOn), all(ALERT, shownOn)));
        }
        return rows;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static Map<String, List<String>> panelQueries(String dashboardJson) {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        try {
            for (JsonNode panel : new ObjectMapper().readTree(dashboardJson).path("panels")) {
                List<String> exprs = new ArrayList<>();
                panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
                queries.put(panel.path("title").asText(), exprs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    static Map<String, String> alertExprs(String alertsYaml) {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Map<String, Object> doc : DeployLoader.yamlDocs(alertsYaml)) {
            for (Object group : list(doc, "spec", "groups")) {
                for (Object rule : list(group, "rules")) {
                    if (text(rule, "alert") != null) {
                        exprs.put(text(rule, "alert"), text(rule, "expr"));
                    }
                }
            }
        }
        return exprs;
    }

    private static String read(Path file) {
        return DeployLoader.read(file);
    }
}
