package dev.kinora.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the local stack listens and keeps its data. Command-line flags win over environment
 * variables, which win over the defaults, so the `kinora` command and tests can both steer it.
 */
public record LocalStackOptions(
        String host,
        int kafkaPort,
        int controllerPort,
        int s3Port,
        Path dataDir,
        String s3AccessKey,
        String s3SecretKey,
        Set<Server> servers) {

    /**
     * The two servers. Both run by default; {@code --only kafka} or {@code --only s3} runs one, so
     * fault-injection tests can stop and restart each on its own.
     */
    public enum Server { KAFKA, S3 }

    /** Local development credentials only; a real deployment gets its own from a secret. */
    public static final String DEFAULT_ACCESS_KEY = "kinora";
    public static final String DEFAULT_SECRET_KEY = "kinora-local-secret";

    /** A listening port together with the two ways a user can change it. */
    public record PortSetting(String name, int port, String flag, String envVar) {}

    public static LocalStackOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = CommandLineFlags.parse(args, List.of(
                "--kafka-port", "--controller-port", "--s3-port", "--data", "--host",
                "--s3-access-key", "--s3-secret-key", "--only"));
        return new LocalStackOptions(
                pick(flags, "--host", env, "KINORA_HOST", "127.0.0.1"),
                port(flags, "--kafka-port", env, "KINORA_KAFKA_PORT", 9092),
                port(flags, "--controller-port", env, "KINORA_CONTROLLER_PORT", 9093),
                port(flags, "--s3-port", env, "KINORA_S3_PORT", 9000),
                Path.of(pick(flags, "--data", env, "KINORA_DATA", ".kinora")).toAbsolutePath().normalize(),
                pick(flags, "--s3-access-key", env, "KINORA_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                pick(flags, "--s3-secret-key", env, "KINORA_S3_SECRET_KEY", DEFAULT_SECRET_KEY),
                servers(flags.get("--only")));
    }

    public boolean runs(Server server) {
        return servers.contains(server);
    }

    public boolean runsAll() {
        return servers.size() == Server.values().length;
    }

    /** The ports this process binds. */
    public List<PortSetting> ports() {
        List<PortSetting> ports = new ArrayList<>();
        if (runs(Server.KAFKA)) {
            ports.add(new PortSetting("Kafka", kafkaPort, "--kafka-port", "KINORA_KAFKA_PORT"));
            ports.add(new PortSetting("Kafka controller", controllerPort, "--controller-port", "KINORA_CONTROLLER_PORT"));
        }
        if (runs(Server.S3)) {
            ports.add(new PortSetting("S3", s3Port, "--s3-port", "KINORA_S3_PORT"));
        }
        return List.copyOf(ports);
    }

    public String kafkaBootstrap() {
        return host + ":" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://" + host + ":" + s3Port;
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    private static Set<Server> servers(String only) {
        if (only == null || only.isBlank()) {
            return EnumSet.allOf(Server.class);
        }
        try {
            return EnumSet.of(Server.valueOf(only.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --only '" + only + "' (kafka or s3)");
        }
    }

    private static String pick(Map<String, String> flags, String flag, Map<String, String> env,
                               String envVar, String fallback) {
        String value = flags.get(flag);
        if (value == null) {
            value = env.get(envVar);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(Map<String, String> flags, String flag, Map<String, String> env,
                            String envVar, int fallback) {
        String value = pick(flags, flag, env, envVar, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid port '" + value + "' for " + flag + " / " + envVar + " (1-65535)");
        }
    }
}
