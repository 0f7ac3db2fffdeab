package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuThreadsTest {

    @Test
    void aServiceCountOverridesTheSharedOneAndKeepsTheSpinPolicy() {
        CpuThreads shared = new CpuThreads(0, true);
        assertEquals(new CpuThreads(3, true), shared.withCount(3));
        assertEquals(shared, shared.withCount(0), "0 means: keep the shared setting");
    }

    @Test
    void negativeCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuThreads(-1, false));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void aSessionOpensWithSpinningOffAndOn() throws Exception {
        // The config key must be one ONNX Runtime accepts: an unknown value would fail here, at open.
        byte[] graph = Files.readAllBytes(Path.of("../models/tiny-shapes/vae_decoder.onnx")); // module dir = cwd
        for (boolean spin : new boolean[] {false, true}) {
            try (OnnxModel m = OnnxModel.open("vae", graph, InferenceDevice.parse("cpu"), new CpuThreads(1, spin))) {
                assertEquals("CPU", m.provider());
            }
        }
    }
}
