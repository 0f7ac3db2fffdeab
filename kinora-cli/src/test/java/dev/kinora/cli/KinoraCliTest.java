package dev.kinora.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI against nothing running: no stand-ins, just free ports nobody listens on. */
class KinoraCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void statusWithNothingRunningSaysSoForEveryComponent(@TempDir Path root) {
        Map<String, String> env = freePortEnvironment();
        int exit = cli(env, root).run(List.of("status"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals(7, printed.lines().count(), printed);
        assertTrue(printed.lines().allMatch(line -> line.endsWith("not running")), printed);
        assertTrue(printed.contains("127.0.0.1:" + env.get("KINORA_KAFKA_PORT")), printed);
        assertTrue(printed.contains("http://127.0.0.1:" + env.get("KINORA_STORAGE_PORT")), printed);
    }

    @Test
    void unknownCommandsAndArgumentsAreUsageErrors(@TempDir Path root) {
        assertEquals(2, cli(Map.of(), root).run(List.of("launch")));
        assertEquals(2, cli(Map.of(), root).run(List.of()));
        assertEquals(2, cli(Map.of(), root).run(List.of("down", "now")));
        assertEquals(2, cli(Map.of(), root).run(List.of("generate")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a prompt is required"));
    }

    @Test
    void aMalformedPortVariableIsNamed(@TempDir Path root) {
        int exit = cli(Map.of("KINORA_S3_PORT", "nine"), root).run(List.of("status"));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("KINORA_S3_PORT=nine"));
    }

    private KinoraCli cli(Map<String, String> env, Path root) {
        return new KinoraCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, () -> root);
    }

    private static Map<String, String> freePortEnvironment() {
        var ports = dev.kinora.cli.stack.StackPorts.free();
        Map<String, String> env = new HashMap<>();
        for (var component : dev.kinora.cli.stack.Component.values()) {
            env.put(component.portEnvVar(), Integer.toString(ports.of(component)));
        }
        return env;
    }
}
