package dev.kinora.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout that holds the local-stack module, from Maven's hint or the working dir. */
final class ReactorRoot {

    /** Set by the parent pom's surefire configuration to the reactor root. */
    static final String PROPERTY = "kinora.root";

    private ReactorRoot() {}

    static Path find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && holdsLocalStack(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (holdsLocalStack(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Kinora checkout: set -D" + PROPERTY
                + "=<repo root> or run from inside it (looked for local-stack/pom.xml above "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static boolean holdsLocalStack(Path dir) {
        return Files.isRegularFile(dir.resolve("local-stack").resolve("pom.xml"));
    }
}
