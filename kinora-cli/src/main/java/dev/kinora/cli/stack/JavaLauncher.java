package dev.kinora.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs with the java running this CLI (the `kinora` script chose a JDK 21+). */
final class JavaLauncher {

    private JavaLauncher() {}

    static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // ONNX Runtime and JavaCPP load native code; Kafka still calls sun.misc.Unsafe.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        return command;
    }
}
