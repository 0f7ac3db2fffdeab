package dev.kinora.deploycheck;

import dev.kinora.events.Topics;
import dev.kinora.events.Topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Reads the repository into a {@link DeployModel}. */
public final class DeployLoader {

    private static final Pattern ASSIGN = Pattern.compile("^([A-Z_]+)=(\\S+)$");
    private static final Pattern CREATE = Pattern.compile("^create\\s+(\\S+)\\s+(\\d+)(.*)$");

    private final Path root;
    private final boolean requireRendered;

    public DeployLoader(Path root, boolean requireRendered) {
        this.root = root;
        this.requireRendered = requireRendered;
    }

    /** The repository root: {@code -Dkinora.root}, else the nearest parent holding deploy/. */
    public static Path findRoot() {
        String prop = System.getProperty("kinora.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "deploy"))) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a folder with deploy/ and pom.xml)");
    }

    public DeployModel load() {
        Path compose = root.resolve("deploy/compose");
        Map<String, List<Map<String, Object>>> k8s = new LinkedHashMap<>();
        boolean rendered = kubectlAvailable();
        if (rendered) {
            for (Path dir : kustomizations()) {
                k8s.put(root.relativize(dir).toString(), yamlDocs(kustomize(dir)));
            }
        } else if (requireRendered) {
            throw new IllegalStateException("kubectl is not on PATH but kinora.deploy.requireRendered=true");
        } else {
            // Without kubectl: the base's own files are complete manifests; patches are not applied.
            k8s.put("deploy/k8s/base (raw files, kubectl not found)", rawBase());
        }
        return new DeployModel(Topics.all(), services(), k8s, rendered,
                yamlDocs(read(compose.resolve("compose.yaml"))).get(0),
                composeTopics(read(compose.resolve("create-topics.sh"))),
                yamlDocs(read(compose.resolve("prometheus/prometheus.yml"))).get(0),
                yamlDocs(read(compose.resolve("prometheus/alerts.yml"))).get(0));
    }

    List<ServiceConfig> services() {
        Properties shared = properties(root.resolve(
                "kinora-platform/src/main/resources/META-INF/microprofile-config.properties"));
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-service"))
                    .filter(d -> Files.exists(d.resolve("src/main/resources/application.properties")))
                    .sorted()
                    .map(d -> ServiceConfig.of(d.getFileName().toString(), shared,
                            properties(d.resolve("src/main/resources/application.properties"))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/k8s/base and every overlay: each is rendered and checked on its own. */
    private List<Path> kustomizations() {
        List<Path> dirs = new ArrayList<>(List.of(root.resolve("deploy/k8s/base")));
        try (Stream<Path> overlays = Files.list(root.resolve("deploy/k8s/overlays"))) {
            overlays.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted().forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }

    private List<Map<String, Object>> rawBase() {
        try (Stream<Path> files = Files.walk(root.resolve("deploy/k8s/base"))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .flatMap(f -> yamlDocs(read(f)).stream())
                    .filter(d -> d.containsKey("kind"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the create lines, expanding the script's NAME=value variables. */
    static List<TopicSpec> composeTopics(String script) {
        Map<String, String> vars = new HashMap<>();
        List<TopicSpec> specs = new ArrayList<>();
        for (String line : script.split("\n")) {
            line = line.strip();
            Matcher assign = ASSIGN.matcher(line);
            if (assign.matches()) {
                vars.put(assign.group(1), assign.group(2));
                continue;
            }
            Matcher create = CREATE.matcher(line);
            if (!create.matches()) {
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>();
            for (String word : create.group(3).trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String kv = word.startsWith("$") ? vars.getOrDefault(word.substring(1), word) : word;
                int eq = kv.indexOf('=');
                config.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
            specs.add(new TopicSpec(create.group(1), Integer.parseInt(create.group(2)), config));
        }
        return specs;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocs(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(text)) {
            if (doc instanceof Map<?, ?> m) {
                docs.add((Map<String, Object>) m);
            }
        }
        return docs;
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String kustomize(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectError(err.toFile()).start();
                String out;
                try (InputStream stdout = p.getInputStream()) {
                    out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
