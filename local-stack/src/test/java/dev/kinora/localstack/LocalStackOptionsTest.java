package dev.kinora.localstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStackOptionsTest {

    @Test
    void defaultsMatchTheDocumentedPorts() {
        LocalStackOptions options = LocalStackOptions.parse(new String[0], Map.of());
        assertEquals("127.0.0.1:9092", options.kafkaBootstrap());
        assertEquals(9093, options.controllerPort());
        assertEquals("http://127.0.0.1:9000", options.s3Endpoint());
        assertEquals(Path.of(".kinora").toAbsolutePath().normalize(), options.dataDir());
        assertEquals("kinora", options.s3AccessKey());
    }

    @Test
    void flagsWinOverEnvironment() {
        LocalStackOptions options = LocalStackOptions.parse(
                new String[] {"--kafka-port", "19092", "--s3-port=19000", "--data", "/tmp/x"},
                Map.of("KINORA_KAFKA_PORT", "29092", "KINORA_CONTROLLER_PORT", "29093"));
        assertEquals(19092, options.kafkaPort());
        assertEquals(29093, options.controllerPort());
        assertEquals(19000, options.s3Port());
        assertEquals(Path.of("/tmp/x"), options.dataDir());
    }

    @Test
    void rejectsUnknownFlagsAndBadPorts() {
        assertThrows(IllegalArgumentException.class,
                () -> LocalStackOptions.parse(new String[] {"--kafka", "1"}, Map.of()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LocalStackOptions.parse(new String[] {"--s3-port", "70000"}, Map.of()));
        assertTrue(bad.getMessage().contains("KINORA_S3_PORT"), bad.getMessage());
    }

    @Test
    void takenPortNamesTheFlagAndVariable() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStackOptions options = LocalStackOptions.parse(
                    new String[] {"--s3-port", Integer.toString(taken.getLocalPort()),
                            "--kafka-port", "" + freePort(), "--controller-port", "" + freePort()},
                    Map.of());
            PortGuard.PortTakenException e = assertThrows(PortGuard.PortTakenException.class,
                    () -> PortGuard.requireFree(options));
            assertTrue(e.getMessage().contains("--s3-port") && e.getMessage().contains("KINORA_S3_PORT"),
                    e.getMessage());
        }
    }

    @Test
    void onlyOneServerBindsOnlyItsPorts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStackOptions kafkaOnly = LocalStackOptions.parse(
                    new String[] {"--only", "kafka", "--s3-port", Integer.toString(taken.getLocalPort()),
                            "--kafka-port", "" + freePort(), "--controller-port", "" + freePort()},
                    Map.of());
            assertTrue(kafkaOnly.runs(LocalStackOptions.Server.KAFKA));
            assertFalse(kafkaOnly.runs(LocalStackOptions.Server.S3));
            assertEquals(List.of("Kafka", "Kafka controller"),
                    kafkaOnly.ports().stream().map(LocalStackOptions.PortSetting::name).toList());
            PortGuard.requireFree(kafkaOnly); // the taken S3 port is not this process's concern
        }
        assertEquals(List.of("S3"), LocalStackOptions.parse(new String[] {"--only=s3"}, Map.of())
                .ports().stream().map(LocalStackOptions.PortSetting::name).toList());
        assertTrue(LocalStackOptions.parse(new String[0], Map.of()).runsAll());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LocalStackOptions.parse(new String[] {"--only", "zookeeper"}, Map.of()));
        assertTrue(bad.getMessage().contains("kafka or s3"), bad.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
