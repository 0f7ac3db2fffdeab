package dev.kinora.cli.stack;

import dev.kinora.provenance.Ed25519Keys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole local system: local-stack (Kafka + S3) and the five services, each its own process.
 * Starts what is not running, waits until everything answers, stops it all again.
 */
public final class Stack {

    public static final String LOCAL_STACK = "local-stack";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);
    private static final String READY_LINE = "KINORA LOCAL STACK READY";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 40;

    private final StackLayout layout;
    private final Duration startTimeout;
    private final PrintStream progress;
    private final HealthProbe health = new HealthProbe();

    public Stack(StackLayout layout, Duration startTimeout, PrintStream progress) {
        this.layout = layout;
        this.startTimeout = startTimeout;
        this.progress = progress;
    }

    public Stack(StackLayout layout, PrintStream progress) {
        this(layout, DEFAULT_START_TIMEOUT, progress);
    }

    public StackLayout layout() {
        return layout;
    }

    public ManagedProcess localStack() {
        return process(LOCAL_STACK);
    }

    public ManagedProcess service(Component service) {
        return process(service.displayName());
    }

    /** A process of this stack by name: its log and pid file live under the state directory. */
    private ManagedProcess process(String name) {
        return new ManagedProcess(name, layout.logFile(name), layout.pidFile(name));
    }

    /** True when the local stack runs and every service reports ready. */
    public boolean isUp() {
        return localStack().running().isPresent()
                && Component.services().stream()
                        .allMatch(service -> health.ready(layout.serviceUrl(service)) == HealthProbe.Health.UP);
    }

    /** Starts whatever is not running yet and returns once every service is ready. */
    public void up() {
        startAndAwait(!localStack().running().isPresent());
    }

    /**
     * The five services only, against Kafka and S3 that run elsewhere at the layout's addresses
     * (containers, a shared cluster); returns once every service is ready.
     */
    public void upServices() {
        startAndAwait(false);
    }

    private void startAndAwait(boolean withLocalStack) {
        List<Component> toStart = Component.services().stream()
                .filter(service -> service(service).running().isEmpty())
                .toList();
        requireBuilt(!withLocalStack, toStart);
        // Every port is checked before anything starts, so a clash leaves nothing half-started.
        if (withLocalStack) {
            Component.localStack().forEach(component -> Ports.requireFree(layout, component));
        }
        toStart.forEach(service -> Ports.requireFree(layout, service));
        if (withLocalStack) {
            startLocalStack();
        }
        for (Component service : toStart) {
            startService(service);
        }
        awaitServicesReady();
    }

    /** Kafka and S3 only, for tests that run services themselves; no-op when already running. */
    public void upLocalStack() {
        if (localStack().running().isPresent()) {
            return;
        }
        requireBuilt(false, List.of());
        Component.localStack().forEach(component -> Ports.requireFree(layout, component));
        startLocalStack();
    }

    /** Services first, so none of them sees Kafka vanish while it still works; then the stack. */
    public void down() {
        List<Thread> stopping = new ArrayList<>();
        for (Component service : Component.services()) {
            ManagedProcess process = service(service);
            if (process.running().isPresent()) {
                progress.println("stopping " + process.name());
                stopping.add(Thread.ofPlatform().start(() -> process.stop(STOP_GRACE)));
            } else {
                process.stop(STOP_GRACE);
            }
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (String extra : extraProcesses()) {
            ManagedProcess process = process(extra);
            if (process.running().isPresent()) {
                progress.println("stopping " + extra);
            }
            process.stop(STOP_GRACE);
        }
        ManagedProcess stack = localStack();
        if (stack.running().isPresent()) {
            progress.println("stopping " + LOCAL_STACK);
        }
        stack.stop(STOP_GRACE);
    }

    /** Replicas first, then Kafka or S3 started alone: whatever else has a pid file here. */
    private List<String> extraProcesses() {
        List<String> known = new ArrayList<>(Component.services().stream().map(Component::displayName).toList());
        known.add(LOCAL_STACK);
        List<String> extra = new ArrayList<>();
        try (var files = Files.list(layout.runDir())) {
            files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".pid"))
                    .map(f -> f.substring(0, f.length() - ".pid".length()))
                    .filter(name -> !known.contains(name))
                    .sorted((a, b) -> Boolean.compare(isLocalServer(a), isLocalServer(b)))
                    .forEach(extra::add);
        } catch (IOException e) {
            // No run directory: nothing was started.
        }
        return extra;
    }

    private static boolean isLocalServer(String name) {
        return name.equals("kafka") || name.equals("s3");
    }

    /** What runs, where, and whether it answers; in the order `kinora status` prints it. */
    public Map<String, ComponentStatus> status() {
        Map<String, ComponentStatus> status = new LinkedHashMap<>();
        Optional<ProcessHandle> stack = localStack().running();
        status.put("kafka", new ComponentStatus("kafka", layout.kafkaBootstrap(),
                infrastructureState(stack, layout.port(Component.KAFKA))));
        status.put("s3", new ComponentStatus("s3", layout.s3Endpoint(),
                infrastructureState(stack, layout.port(Component.S3))));
        for (Component service : Component.services()) {
            String url = layout.serviceUrl(service);
            status.put(service.displayName(), new ComponentStatus(service.displayName(), url,
                    serviceState(service(service).running(), health.ready(url))));
        }
        return status;
    }

    private String infrastructureState(Optional<ProcessHandle> stack, int port) {
        boolean answers = Ports.accepts(layout.host(), port);
        if (stack.isPresent()) {
            return (answers ? "UP" : "DOWN") + " (pid " + stack.get().pid() + ")";
        }
        return answers ? "UP (not started by kinora)" : "not running";
    }

    private static String serviceState(Optional<ProcessHandle> process, HealthProbe.Health health) {
        return switch (health) {
            case UP -> "UP" + process.map(p -> " (pid " + p.pid() + ")").orElse(" (not started by kinora)");
            case DOWN -> "DOWN" + process.map(p -> " (pid " + p.pid() + ")").orElse("");
            case UNREACHABLE -> process.map(p -> "DOWN (pid " + p.pid() + ", not answering)").orElse("not running");
        };
    }

    private void requireBuilt(boolean stackRunning, List<Component> toStart) {
        List<Path> missing = new ArrayList<>();
        if (!stackRunning && !Files.isRegularFile(layout.localStackJar())) {
            missing.add(layout.localStackJar());
        }
        toStart.stream().map(layout::serviceJar).filter(jar -> !Files.isRegularFile(jar)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new StackException("not built: " + missing + "; run ./mvnw -q -B install -DskipTests in " + layout.root());
        }
    }

    private void startLocalStack() {
        progress.println("starting " + LOCAL_STACK + " (Kafka " + layout.kafkaBootstrap() + ", S3 " + layout.s3Endpoint() + ")");
        startInfrastructure(localStack(), List.of());
    }

    /**
     * Kafka ({@code "kafka"}) or S3 ({@code "s3"}) alone, as its own local-stack process, so that a
     * fault-injection test can stop and restart one while the other keeps running.
     */
    public ManagedProcess localServer(String server) {
        return process(server);
    }

    /** Starts {@link #localServer} (same ports and data as the combined stack) and waits until it answers. */
    public void startLocalServer(String server) {
        progress.println("starting " + server + " alone");
        startInfrastructure(localServer(server), List.of("--only", server));
    }

    /** Kafka and S3 as two processes, then the five services; returns once every service is ready. */
    public void upWithSeparateServers() {
        requireBuilt(false, Component.services());
        Component.localStack().forEach(component -> Ports.requireFree(layout, component));
        startLocalServer("kafka");
        startLocalServer("s3");
        upServices();
    }

    /**
     * Another instance of a service on its own HTTP port, in the same consumer groups as the first:
     * replica {@code n} is named {@code <service>-n}. Returns once it is ready.
     */
    public ManagedProcess startReplica(Component service, int n, int httpPort, String... jvmOptions) {
        String name = service.displayName() + "-" + n;
        String url = "http://" + layout.host() + ":" + httpPort;
        ManagedProcess replica = process(name);
        progress.println("starting " + name + " on " + url);
        List<String> command = new ArrayList<>(serviceCommand(service, httpPort));
        command.addAll(JavaLauncher.java().size(), List.of(jvmOptions)); // options go before -jar
        replica.start(command, layout.stateDir());
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (health.ready(url) != HealthProbe.Health.UP) {
            if (replica.running().isEmpty()) {
                throw new StackException(name + " exited during start-up" + System.lineSeparator()
                        + LogTail.of(replica.logFile(), LOG_TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(name + " was not ready within " + startTimeout.toSeconds() + " s");
            }
            sleep();
        }
        progress.println(name + " ready at " + url);
        return replica;
    }

    private void startInfrastructure(ManagedProcess stack, List<String> extraArgs) {
        List<String> command = new ArrayList<>(JavaLauncher.java());
        command.addAll(List.of("-Xmx1g", "-XX:+UseSerialGC",
                "-jar", layout.localStackJar().toString(),
                "--host", layout.host(),
                "--kafka-port", Integer.toString(layout.port(Component.KAFKA)),
                "--controller-port", Integer.toString(layout.port(Component.KAFKA_CONTROLLER)),
                "--s3-port", Integer.toString(layout.port(Component.S3)),
                "--data", layout.stateDir().toString(),
                "--s3-access-key", layout.s3AccessKey(),
                "--s3-secret-key", layout.s3SecretKey()));
        command.addAll(extraArgs);
        ProcessHandle process = stack.start(command, layout.stateDir());
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!logContains(stack.logFile(), READY_LINE)) {
            if (!process.isAlive()) {
                throw new StackException(stack.name() + " exited during start-up" + System.lineSeparator()
                        + LogTail.of(stack.logFile(), LOG_TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                stack.stop(Duration.ofSeconds(5));
                throw new StackException(stack.name() + " was not ready within " + startTimeout.toSeconds() + " s"
                        + System.lineSeparator() + LogTail.of(stack.logFile(), LOG_TAIL_LINES));
            }
            sleep();
        }
    }

    private void startService(Component service) {
        if (service == Component.STORAGE_SERVICE) {
            ensureProvenanceKey();
        }
        progress.println("starting " + service.displayName() + " on " + layout.serviceUrl(service));
        service(service).start(serviceCommand(service, layout.port(service)), layout.stateDir());
    }

    /** Storage signs every video's manifest with this key; it is made once and kept in .kinora/. */
    private void ensureProvenanceKey() {
        try {
            Ed25519Keys.ensure(layout.provenanceSigningKey(), layout.provenancePublicKey());
        } catch (IOException e) {
            throw new StackException("cannot create the provenance key in " + layout.stateDir() + ": " + e.getMessage());
        }
    }

    private List<String> serviceCommand(Component service, int httpPort) {
        List<String> command = new ArrayList<>(JavaLauncher.java());
        command.addAll(List.of(
                "-Dquarkus.http.host=" + layout.host(),
                "-Dquarkus.http.port=" + httpPort,
                "-Dkafka.bootstrap.servers=" + layout.kafkaBootstrap(),
                "-Dkinora.s3.endpoint=" + layout.s3Endpoint(),
                "-Dkinora.s3.access-key=" + layout.s3AccessKey(),
                "-Dkinora.s3.secret-key=" + layout.s3SecretKey(),
                "-Dkinora.model.path=" + layout.modelPath(),
                // The local stack listens on loopback only and has no users to tell apart: no API keys.
                "-Dkinora.api.auth.enabled=false"));
        if (service == Component.STORAGE_SERVICE) {
            command.add("-Dkinora.provenance.signing-key-file=" + layout.provenanceSigningKey());
            command.add("-Dkinora.provenance.public-key-file=" + layout.provenancePublicKey());
        }
        command.addAll(List.of("-jar", layout.serviceJar(service).toString()));
        return command;
    }

    private void awaitServicesReady() {
        List<Component> waiting = new ArrayList<>(Component.services());
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!waiting.isEmpty()) {
            for (Component service : List.copyOf(waiting)) {
                if (health.ready(layout.serviceUrl(service)) == HealthProbe.Health.UP) {
                    waiting.remove(service);
                    progress.println(service.displayName() + " ready at " + layout.serviceUrl(service));
                } else if (service(service).running().isEmpty()) {
                    throw new StackException(service.displayName() + " exited during start-up"
                            + System.lineSeparator() + LogTail.of(layout.logFile(service.displayName()), LOG_TAIL_LINES));
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("not ready within " + startTimeout.toSeconds() + " s: ");
                message.append(waiting.stream().map(Component::displayName).toList());
                for (Component service : waiting) {
                    message.append(System.lineSeparator()).append(LogTail.of(layout.logFile(service.displayName()), LOG_TAIL_LINES));
                }
                throw new StackException(message.toString());
            }
            if (!waiting.isEmpty()) {
                sleep();
            }
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack");
        }
    }
}
