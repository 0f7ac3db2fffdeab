package dev.kinora.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Drains a child's output (a full pipe would stall it), copies it to a log file, keeps the last
 * lines for error messages, and completes when a line starts with the expected prefix.
 */
final class OutputWatcher {

    private static final int TAIL_LINES = 80;

    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<String> matched = new CompletableFuture<>();

    static OutputWatcher watch(InputStream output, Path logFile, String prefix, String threadName) {
        OutputWatcher watcher = new OutputWatcher();
        Thread thread = new Thread(() -> watcher.drain(output, logFile, prefix), threadName);
        thread.setDaemon(true);
        thread.start();
        return watcher;
    }

    CompletableFuture<String> matchedLine() {
        return matched;
    }

    synchronized String tail() {
        return String.join(System.lineSeparator(), tail);
    }

    private void drain(InputStream output, Path logFile, String prefix) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                remember(line);
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                if (!matched.isDone() && line.startsWith(prefix)) {
                    matched.complete(line);
                }
            }
        } catch (IOException e) {
            // The child went away; whoever waits learns it from the process itself.
        } finally {
            matched.completeExceptionally(new IllegalStateException("output ended before \"" + prefix + "\""));
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }
}
