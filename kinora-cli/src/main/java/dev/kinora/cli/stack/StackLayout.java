package dev.kinora.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a stack lives: the checkout it runs from, the state directory for data, logs and pid
 * files, its ports and the S3 credentials. The `kinora` command uses the defaults under
 * {@code <root>/.kinora}; tests make one on free ports in a temp dir.
 */
public record StackLayout(Path root, Path stateDir, String host, StackPorts ports,
                          String s3AccessKey, String s3SecretKey) {

    /** Local development credentials, the same defaults local-stack uses. */
    public static final String DEFAULT_ACCESS_KEY = "kinora";
    public static final String DEFAULT_SECRET_KEY = "kinora-local-secret";
    public static final String HOST = "127.0.0.1";

    public StackLayout {
        root = root.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** Defaults under {@code <root>/.kinora}; KINORA_STATE_DIR moves data, logs and pid files. */
    public static StackLayout fromEnvironment(Path root, Map<String, String> env) {
        String stateDir = env.get("KINORA_STATE_DIR");
        Path state = stateDir == null || stateDir.isBlank() ? root.resolve(".kinora") : Path.of(stateDir);
        return new StackLayout(root, state, HOST, StackPorts.fromEnvironment(env),
                env.getOrDefault("KINORA_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                env.getOrDefault("KINORA_S3_SECRET_KEY", DEFAULT_SECRET_KEY));
    }

    /** A stack that cannot collide with a developer's: free ports, its own state directory. */
    public static StackLayout forTests(Path root, Path stateDir) {
        return new StackLayout(root, stateDir, HOST, StackPorts.free(), DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    public int port(Component component) {
        return ports.of(component);
    }

    public String kafkaBootstrap() {
        return host + ":" + port(Component.KAFKA);
    }

    public String s3Endpoint() {
        return "http://" + host + ":" + port(Component.S3);
    }

    public String serviceUrl(Component service) {
        return "http://" + host + ":" + port(service);
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path runDir() {
        return stateDir.resolve("run");
    }

    public Path logFile(String name) {
        return logsDir().resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return runDir().resolve(name + ".pid");
    }

    /** The local stack's provenance signing key (generated at first start, never committed). */
    public Path provenanceSigningKey() {
        return stateDir.resolve("provenance-signing.pem");
    }

    /** Its public half, which `kinora verify` uses by default. */
    public Path provenancePublicKey() {
        return stateDir.resolve("provenance-public.pem");
    }

    public Path modelPath() {
        return root.resolve("models").resolve("tiny-shapes");
    }

    public Path localStackJar() {
        return root.resolve("local-stack").resolve("target").resolve("local-stack.jar");
    }

    public Path serviceJar(Component service) {
        return root.resolve(service.displayName()).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The checkout holding local-stack/, from -Dkinora.root, the working dir, or this jar. */
    public static Path findRoot() {
        String configured = System.getProperty("kinora.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local-stack").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Kinora checkout; run the `kinora` script or pass -Dkinora.root=DIR");
    }
}
