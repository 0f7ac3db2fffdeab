package dev.kinora.cli.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Whether something listens on a port, and whether we could listen on it ourselves. */
public final class Ports {

    private Ports() {}

    public static boolean canBind(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails in one line that says which variable moves the port. */
    public static void requireFree(StackLayout layout, Component component) {
        int port = layout.port(component);
        if (!canBind(layout.host(), port)) {
            throw new StackException("port " + port + " for " + component.displayName()
                    + " is already in use; set " + component.portEnvVar() + " to a free port");
        }
    }
}
