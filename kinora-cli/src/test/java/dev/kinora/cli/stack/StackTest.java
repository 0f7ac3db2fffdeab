package dev.kinora.cli.stack;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real packaged local-stack in a temp state dir on free ports, then stops it. */
@Tag("service")
class StackTest {

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void startsReportsAndStopsTheLocalStack(@TempDir Path state) {
        StackLayout layout = StackLayout.forTests(StackLayout.findRoot(), state);
        assumeTrue(Files.isRegularFile(layout.localStackJar()), "local-stack is not packaged yet");
        Stack stack = new Stack(layout, Duration.ofSeconds(120), new PrintStream(progress, true, StandardCharsets.UTF_8));
        try {
            stack.upLocalStack();
            Map<String, ComponentStatus> status = stack.status();
            assertTrue(status.get("kafka").isUp(), status.toString());
            assertTrue(status.get("s3").isUp(), status.toString());
            assertEquals("not running", status.get("prompt-service").state());
            assertTrue(Files.isRegularFile(state.resolve("stack.json")));
            assertTrue(Files.isRegularFile(layout.pidFile(Stack.LOCAL_STACK)));
            // A second call finds it running and leaves it alone.
            stack.upLocalStack();
        } finally {
            stack.down();
        }
        assertFalse(stack.localStack().running().isPresent());
        assertFalse(Files.exists(layout.pidFile(Stack.LOCAL_STACK)));
        assertEquals("not running", stack.status().get("kafka").state());
    }

    @Test
    void aTakenPortNamesItsVariableAndStartsNothing(@TempDir Path state) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StackLayout free = StackLayout.forTests(StackLayout.findRoot(), state);
            StackLayout layout = new StackLayout(free.root(), state, free.host(),
                    free.ports().with(Component.S3, taken.getLocalPort()), free.s3AccessKey(), free.s3SecretKey());
            assumeTrue(Files.isRegularFile(layout.localStackJar()), "local-stack is not packaged yet");
            Stack stack = new Stack(layout, new PrintStream(progress, true, StandardCharsets.UTF_8));
            StackException e = assertThrows(StackException.class, stack::upLocalStack);
            assertTrue(e.getMessage().contains("KINORA_S3_PORT"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertFalse(stack.localStack().running().isPresent());
        }
    }
}
