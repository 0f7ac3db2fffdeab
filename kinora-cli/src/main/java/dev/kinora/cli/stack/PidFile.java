package dev.kinora.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pid plus the process's start time: after a reboot or a crash the same pid may belong to an
 * unrelated process, and we must never signal that one.
 */
public final class PidFile {

    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public void write(ProcessHandle process) {
        String started = process.info().startInstant().map(Instant::toString).orElse("");
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, process.pid() + "\n" + started + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** The live process this file names, if it is still the one we started. */
    public Optional<ProcessHandle> liveProcess() {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String recordedStart = lines.size() > 1 ? lines.get(1).trim() : "";
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> recordedStart.isEmpty() || process.info().startInstant()
                        .map(start -> start.toString().equals(recordedStart))
                        .orElse(true));
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A stale pid file is checked against the start time before anyone trusts it.
        }
    }
}
