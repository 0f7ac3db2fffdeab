package dev.kinora.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("service")
class LocalStackTestResourceTest {

    @Test
    void handsQuarkusTheStackAddressesAndStopsIt() {
        LocalStackTestResource resource = new LocalStackTestResource();
        Map<String, String> config = resource.start();
        String bootstrap = config.get("kafka.bootstrap.servers");
        try {
            assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
            assertEquals("kinora", config.get("kinora.s3.access-key"));
            assertEquals("kinora-local-secret", config.get("kinora.s3.secret-key"));
            assertTrue(config.get("kinora.s3.endpoint").startsWith("http://127.0.0.1:"));
            assertTrue(accepts(bootstrap), "Kafka not listening at " + bootstrap);
        } finally {
            resource.stop();
        }
        assertFalse(accepts(bootstrap), "Kafka still listening after stop()");
    }

    private static boolean accepts(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
