package dev.kinora.deploycheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What deploy/ must agree with in one service's configuration: its HTTP port and the Kafka
 * channels it consumes (topics, consumer group, dead-letter topic).
 */
public record ServiceConfig(String name, int httpPort, List<Incoming> incoming) {

    /** One {@code mp.messaging.incoming.<channel>.*} block. */
    public record Incoming(String channel, List<String> topics, String groupId, String deadLetterTopic) {}

    private static final String IN = "mp.messaging.incoming.";

    /**
     * Reads the effective production values: {@code shared} (kinora-platform's defaults) overlaid
     * with the service's own file, and {@code %prod.} keys over plain ones. Other profiles are
     * ignored because they never run in a deployment.
     */
    public static ServiceConfig of(String name, Properties shared, Properties own) {
        Map<String, String> cfg = new HashMap<>();
        for (Properties p : List.of(shared, own)) {
            p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> cfg.put(k, p.getProperty(k)));
            p.stringPropertyNames().stream().filter(k -> k.startsWith("%prod."))
                    .forEach(k -> cfg.put(k.substring("%prod.".length()), p.getProperty(k)));
        }
        String port = cfg.get("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(name + ": quarkus.http.port is not set");
        }
        TreeSet<String> channels = new TreeSet<>();
        cfg.keySet().stream().filter(k -> k.startsWith(IN) && k.indexOf('.', IN.length()) > 0)
                .forEach(k -> channels.add(k.substring(IN.length(), k.indexOf('.', IN.length()))));
        List<Incoming> incoming = new ArrayList<>();
        for (String ch : channels) {
            String prefix = IN + ch + ".";
            if (!"smallrye-kafka".equals(cfg.get(prefix + "connector"))) {
                continue;
            }
            String topics = cfg.getOrDefault(prefix + "topics", cfg.getOrDefault(prefix + "topic", ch));
            String dlq = cfg.get(prefix + "dead-letter-queue.topic");
            if (dlq == null && "dead-letter-queue".equals(cfg.get(prefix + "failure-strategy"))) {
                dlq = "dead-letter-topic-" + ch; // SmallRye's default name: it must exist too
            }
            incoming.add(new Incoming(ch,
                    Arrays.stream(topics.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    cfg.get(prefix + "group.id"), dlq));
        }
        return new ServiceConfig(name, Integer.parseInt(port.trim()), List.copyOf(incoming));
    }
}
