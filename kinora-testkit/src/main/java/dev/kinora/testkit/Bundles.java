package dev.kinora.testkit;

import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.TensorFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's default model bundle and its parity fixtures for tests. */
public final class Bundles {

    private Bundles() {}

    public static Path defaultBundle() {
        return ReactorRoot.find().resolve("models/tiny-shapes");
    }

    /**
     * A tiny bundle with random weights ({@code tools/kinora-model test-bundle}) for what the default
     * bundle lacks: a per-frame-timestep transformer and a VAE encoder, each with a PyTorch fixture.
     */
    public static Path tinyRandomBundle() {
        return ReactorRoot.find().resolve("kinora-testkit/bundles/tiny-random");
    }

    /** A fixture written by tools/model/kinora_model/sampler.py next to the bundle it was made with. */
    public static TensorFile fixture(String name) {
        try {
            return SafeTensors.read(Files.readAllBytes(defaultBundle().resolve("fixtures").resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
