package dev.kinora.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started: SIGTERM first, SIGKILL after a grace period. */
public final class ProcessTree {

    private ProcessTree() {}

    public static void stop(ProcessHandle root, Duration grace) {
        if (!root.isAlive()) {
            return;
        }
        // Collect descendants first: once the root dies they are re-parented and hard to find.
        var descendants = root.descendants().toList();
        root.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!awaitExit(root, grace)) {
            root.destroyForcibly();
            awaitExit(root, Duration.ofSeconds(5));
        }
        for (ProcessHandle child : descendants) {
            if (!awaitExit(child, Duration.ofSeconds(2))) {
                child.destroyForcibly();
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
