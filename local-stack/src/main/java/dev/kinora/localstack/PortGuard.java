package dev.kinora.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks every port before anything starts, because Kafka and Jetty report a taken port deep
 * inside a stack trace, half-way through starting, and leave the other server running.
 */
final class PortGuard {

    private PortGuard() {}

    static void requireFree(LocalStackOptions options) {
        for (LocalStackOptions.PortSetting setting : options.ports()) {
            if (!isFree(options.host(), setting.port())) {
                throw new PortTakenException(setting.name() + " port " + options.host() + ":" + setting.port()
                        + " is already in use; pick another with " + setting.flag()
                        + " or " + setting.envVar());
            }
        }
    }

    static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port clash, told to the user in one line. */
    static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
