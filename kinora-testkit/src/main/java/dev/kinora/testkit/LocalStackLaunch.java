package dev.kinora.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs local-stack in a fresh JVM: from the classpath file written by any
 * build that reached generate-resources, or from the packaged jar.
 */
public final class LocalStackLaunch {

    static final String MAIN_CLASS = "dev.kinora.localstack.LocalStack";

    private LocalStackLaunch() {}

    /**
     * JVM flags for a short-lived test broker: modest heap, and C1 only, which starts it about
     * 40% sooner on two cores (measured) at a peak speed tests never need.
     */
    public static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** java, flags and class or jar, ready for the stack's own arguments. */
    public static List<String> command(Path reactorRoot) {
        Path target = reactorRoot.resolve("local-stack").resolve("target");
        Path classpathFile = target.resolve("local-stack.classpath");
        Path jar = target.resolve("local-stack.jar");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmFlags());
        if (Files.isRegularFile(classpathFile)) {
            command.add("-cp");
            command.add(read(classpathFile));
            command.add(MAIN_CLASS);
        } else if (Files.isRegularFile(jar)) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            throw new IllegalStateException("local-stack is not built (no " + classpathFile + " or " + jar
                    + "); run: ./mvnw -q -B -pl local-stack -am install -DskipTests");
        }
        return command;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
