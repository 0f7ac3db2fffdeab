package dev.kinora.e2e;

import dev.kinora.cli.stack.Component;
import dev.kinora.cli.stack.Stack;
import dev.kinora.cli.stack.StackLayout;
import dev.kinora.events.TopicCreator;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka, S3 and the five services for one test class: by default the embedded local stack, or,
 * with {@code -Dkinora.e2e.testcontainers=true} where Docker exists, Kafka and MinIO containers.
 * The services always run as separate processes, exactly as {@code ./kinora up} starts them.
 */
final class Infrastructure implements AutoCloseable {

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    private final Stack stack;
    private final KafkaContainer kafka;
    private final MinIOContainer minio;

    private Infrastructure(Stack stack, KafkaContainer kafka, MinIOContainer minio) {
        this.stack = stack;
        this.kafka = kafka;
        this.minio = minio;
    }

    static Infrastructure start(Path stateDir) throws Exception {
        StackLayout layout = StackLayout.forTests(StackLayout.findRoot(), stateDir);
        PrintStream log = System.out;
        if (!Boolean.getBoolean("kinora.e2e.testcontainers")) {
            Stack stack = new Stack(layout, Duration.ofSeconds(300), log);
            stack.up();
            return new Infrastructure(stack, null, null);
        }
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", "17825792");
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE)
                .withUserName(layout.s3AccessKey())
                .withPassword(layout.s3SecretKey());
        kafka.start();
        minio.start();
        TopicCreator.createMissing(kafka.getBootstrapServers());
        URI s3 = URI.create(minio.getS3URL());
        int kafkaPort = Integer.parseInt(kafka.getBootstrapServers().replaceAll(".*:", ""));
        StackLayout external = new StackLayout(layout.root(), stateDir, layout.host(),
                layout.ports().with(Component.KAFKA, kafkaPort).with(Component.S3, s3.getPort()),
                layout.s3AccessKey(), layout.s3SecretKey());
        Stack stack = new Stack(external, Duration.ofSeconds(300), log);
        stack.upServices();
        return new Infrastructure(stack, kafka, minio);
    }

    StackLayout layout() {
        return stack.layout();
    }

    String bootstrapServers() {
        return stack.layout().kafkaBootstrap();
    }

    @Override
    public void close() {
        stack.down();
        if (kafka != null) {
            kafka.stop();
        }
        if (minio != null) {
            minio.stop();
        }
    }
}
