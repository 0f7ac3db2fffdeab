package dev.kinora.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A background JVM that outlives the command that started it: output to a log file, identity
 * in a pid file, its own session so that Ctrl-C on `kinora generate` does not reach it.
 */
public final class ManagedProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Path logFile;
    private final PidFile pidFile;

    public ManagedProcess(String name, Path logFile, Path pidFile) {
        this.name = name;
        this.logFile = logFile;
        this.pidFile = new PidFile(pidFile);
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public Optional<ProcessHandle> running() {
        return pidFile.liveProcess();
    }

    public ProcessHandle start(List<String> command, Path workingDir) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // setsid execs in place (a fresh child is no group leader), so the pid stays the JVM's.
            full.add(SETSID.toString());
        }
        full.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(full)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            // Nothing is ever typed into it; a closed stdin says so.
            process.getOutputStream().close();
            pidFile.write(process.toHandle());
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", full), e);
        }
    }

    /** SIGTERM, then SIGKILL once the grace period is over; true if it was running. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            pidFile.delete();
            return false;
        }
        ProcessHandle handle = process.get();
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        if (!awaitExit(handle, grace)) {
            handle.destroyForcibly();
            awaitExit(handle, Duration.ofSeconds(5));
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        pidFile.delete();
        return true;
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
