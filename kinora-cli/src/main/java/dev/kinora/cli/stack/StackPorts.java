package dev.kinora.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One port per component: the defaults, environment overrides, or free ones for tests. */
public final class StackPorts {

    private final Map<Component, Integer> ports;

    private StackPorts(Map<Component, Integer> ports) {
        this.ports = Collections.unmodifiableMap(new EnumMap<>(ports));
    }

    public static StackPorts defaults() {
        return fromEnvironment(Map.of());
    }

    /** Reads KINORA_*_PORT variables; a malformed value is an error, not silently ignored. */
    public static StackPorts fromEnvironment(Map<String, String> env) {
        Map<Component, Integer> ports = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            String value = env.get(component.portEnvVar());
            ports.put(component, value == null || value.isBlank()
                    ? component.defaultPort()
                    : parsePort(component, value));
        }
        return new StackPorts(ports);
    }

    /** Ports the OS reports free now, for a test stack beside a developer's running one. */
    public static StackPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        Map<Component, Integer> ports = new EnumMap<>(Component.class);
        try {
            for (Component component : Component.values()) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(component, socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            held.forEach(StackPorts::closeQuietly);
        }
        return new StackPorts(ports);
    }

    public int of(Component component) {
        return ports.get(component);
    }

    public StackPorts with(Component component, int port) {
        Map<Component, Integer> changed = new EnumMap<>(ports);
        changed.put(component, port);
        return new StackPorts(changed);
    }

    private static int parsePort(Component component, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the variable's name.
        }
        throw new IllegalArgumentException(component.portEnvVar() + "=" + value + " is not a port (1-65535)");
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing our own listening socket does not fail in practice.
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StackPorts that && ports.equals(that.ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }

    @Override
    public String toString() {
        return ports.toString();
    }
}
