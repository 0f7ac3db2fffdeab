package dev.kinora.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Kafka broker and S3 server for one test run, in a child JVM so that their jars never
 * meet the code under test. Free ports, a throw-away data directory, gone again on close.
 */
public final class LocalStackProcess implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    static final String READY_PREFIX = "KINORA LOCAL STACK READY";
    static final String ACCESS_KEY = "kinora";
    static final String SECRET_KEY = "kinora-local-secret";
    /** local-stack's exit status when a port was taken between choosing and binding it. */
    private static final int EXIT_PORT_TAKEN = 3;
    private static final int START_ATTEMPTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final Path dataDir;
    private final String bootstrapServers;
    private final String s3Endpoint;
    private final Thread killOnExit;

    private LocalStackProcess(Process process, Path dataDir, String bootstrapServers, String s3Endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.s3Endpoint = s3Endpoint;
        // A test JVM that dies without closing us must not leave a broker behind.
        this.killOnExit = new Thread(() -> ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5)),
                "local-stack-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static LocalStackProcess start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    public static LocalStackProcess start(Duration timeout) {
        Path root = ReactorRoot.find();
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(root, timeout);
            } catch (PortRaceException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage());
                }
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("local-stack.log");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down, or closed before: nothing left to undo.
        }
        deleteRecursively(dataDir);
    }

    private static LocalStackProcess startOnce(Path root, Duration timeout) {
        List<Integer> ports = FreePorts.pick(3);
        Path dataDir = createTempDir();
        Path logFile = dataDir.resolve("local-stack.log");
        List<String> command = new ArrayList<>(LocalStackLaunch.command(root));
        command.addAll(List.of(
                "--host", "127.0.0.1",
                "--kafka-port", ports.get(0).toString(),
                "--controller-port", ports.get(1).toString(),
                "--s3-port", ports.get(2).toString(),
                "--data", dataDir.toString(),
                "--s3-access-key", ACCESS_KEY,
                "--s3-secret-key", SECRET_KEY));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            deleteRecursively(dataDir);
            throw new UncheckedIOException("cannot start local-stack: " + command.get(0), e);
        }
        closeQuietly(process);
        OutputWatcher output = OutputWatcher.watch(process.getInputStream(), logFile, READY_PREFIX, "local-stack-output");
        try {
            output.matchedLine().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String why = e instanceof TimeoutException ? "did not get ready within " + timeout.toSeconds() + " s" : "exited";
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
            int exit = waitForExitCode(process);
            String tail = output.tail();
            deleteRecursively(dataDir);
            if (exit == EXIT_PORT_TAKEN) {
                throw new PortRaceException("local-stack could not bind its ports: " + tail);
            }
            throw new IllegalStateException("local-stack " + why + " (exit code " + exit + "); its last output:"
                    + System.lineSeparator() + tail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
            deleteRecursively(dataDir);
            throw new IllegalStateException("interrupted while local-stack was starting", e);
        }
        return new LocalStackProcess(process, dataDir,
                "127.0.0.1:" + ports.get(0), "http://127.0.0.1:" + ports.get(2));
    }

    /** The stack reads nothing from stdin; closing it says so. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Nothing was written, so nothing can be lost.
        }
    }

    private static int waitForExitCode(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("kinora-local-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is not worth failing a test over.
        }
    }

    /** Another process took a chosen port before the child bound it; worth another try. */
    private static final class PortRaceException extends RuntimeException {
        PortRaceException(String message) {
            super(message);
        }
    }
}
