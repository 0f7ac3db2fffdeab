package dev.kinora.storage;

import dev.kinora.provenance.Ed25519Keys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh Ed25519 key pair per test run, as the local stack makes one in .kinora/ at first start. */
public class ProvenanceKeysTestResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("kinora-provenance-keys-");
            Path priv = dir.resolve("provenance-signing.pem");
            Path pub = dir.resolve("provenance-public.pem");
            Ed25519Keys.ensure(priv, pub);
            return Map.of("kinora.provenance.signing-key-file", priv.toString(),
                    "kinora.provenance.public-key-file", pub.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
