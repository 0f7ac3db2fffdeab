package dev.kinora.localstack;

import dev.kinora.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** One Kafka node in KRaft mode acting as both broker and controller, data kept across runs. */
final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Room for record batch and header overhead on top of the largest payload we send. */
    private static final int HEADROOM_BYTES = 1024 * 1024;

    private final KafkaRaftServer server;

    private EmbeddedKafka(KafkaRaftServer server) {
        this.server = server;
    }

    static EmbeddedKafka start(LocalStackOptions options) throws Exception {
        Path logDir = options.kafkaDir();
        Files.createDirectories(logDir);
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(options, logDir), false);
        formatOnce(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server);
    }

    private static Properties serverProperties(LocalStackOptions options, Path logDir) {
        String host = options.host();
        int maxMessage = Topics.LARGE_RECORD_BYTES + HEADROOM_BYTES;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + options.controllerPort());
        props.put("listeners", "PLAINTEXT://" + host + ":" + options.kafkaPort()
                + "," + CONTROLLER_LISTENER + "://" + host + ":" + options.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + options.kafkaPort());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("message.max.bytes", Integer.toString(maxMessage));
        props.put("replica.fetch.max.bytes", Integer.toString(maxMessage));
        // A single node cannot replicate internal topics three times.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers in tests and on a laptop should not wait 3 s for the first rebalance.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        return props;
    }

    /** Formats the log directory the first time only; later runs keep topics and offsets. */
    private static void formatOnce(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(formatterOutput, true)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (Exception e) {
            throw new IOException("formatting Kafka storage in " + logDir + " failed: " + formatterOutput, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
