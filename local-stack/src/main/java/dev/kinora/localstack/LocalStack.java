package dev.kinora.localstack;

import dev.kinora.events.TopicCreator;

import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Kinora's infrastructure in one JVM without Docker: a KRaft Kafka broker and an S3
 * server. Prints one READY line once both answer, and stops both on SIGTERM.
 */
public final class LocalStack {

    public static final String READY_PREFIX = "KINORA LOCAL STACK READY";
    static final int EXIT_BAD_USAGE = 2;
    static final int EXIT_PORT_TAKEN = 3;
    static final int EXIT_START_FAILED = 1;

    private LocalStack() {}

    public static void main(String[] args) {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(EXIT_BAD_USAGE);
            return;
        }
        try {
            PortGuard.requireFree(options);
        } catch (PortGuard.PortTakenException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(EXIT_PORT_TAKEN);
            return;
        }
        try {
            run(options);
        } catch (Exception e) {
            System.err.println("local-stack: failed to start: " + e);
            e.printStackTrace(System.err);
            System.exit(EXIT_START_FAILED);
        }
    }

    private static void run(LocalStackOptions options) throws Exception {
        long started = System.nanoTime();
        // Bind logging once up front: Kafka and S3Proxy start on two threads and would otherwise
        // race to initialise SLF4J, which then warns about replayed calls.
        LoggerFactory.getILoggerFactory();
        Files.createDirectories(options.dataDir());
        RunningStack stack = new RunningStack(options);
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before starting so SIGTERM during start-up still stops what already runs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        stack.start();
        if (options.runsAll()) {
            // One half alone cannot tell tools the whole stack's addresses.
            StackFile.write(options);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.err.println("local-stack: started in " + millis + " ms, data in " + options.dataDir());
        System.out.println(READY_PREFIX
                + (options.runs(LocalStackOptions.Server.KAFKA) ? " kafka=" + options.kafkaBootstrap() : "")
                + (options.runs(LocalStackOptions.Server.S3) ? " s3=" + options.s3Endpoint() : ""));
        System.out.flush();
        stopped.await();
    }

    /** The chosen servers (both by default), started together and stopped in reverse. */
    private static final class RunningStack {
        private final LocalStackOptions options;
        private volatile EmbeddedKafka kafka;
        private volatile EmbeddedS3 s3;

        RunningStack(LocalStackOptions options) {
            this.options = options;
        }

        void start() throws Exception {
            // S3Proxy needs no Kafka, so it warms up alongside the broker.
            CompletableFuture<Void> s3Started = CompletableFuture.runAsync(() -> {
                if (!options.runs(LocalStackOptions.Server.S3)) {
                    return;
                }
                try {
                    s3 = EmbeddedS3.start(options);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            if (options.runs(LocalStackOptions.Server.KAFKA)) {
                kafka = EmbeddedKafka.start(options);
                int created = TopicCreator.createMissing(options.kafkaBootstrap());
                if (created > 0) {
                    System.err.println("local-stack: created " + created + " topics");
                }
            }
            try {
                s3Started.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        synchronized void close() {
            if (options.runsAll()) {
                StackFile.delete(options);
            }
            try {
                if (s3 != null) {
                    s3.close();
                    s3 = null;
                }
            } catch (Exception e) {
                System.err.println("local-stack: stopping S3 failed: " + e);
            }
            if (kafka != null) {
                kafka.close();
                kafka = null;
            }
        }
    }
}
