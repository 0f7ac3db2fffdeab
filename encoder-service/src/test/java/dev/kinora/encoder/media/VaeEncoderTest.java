package dev.kinora.encoder.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The VAE encoder graph in ONNX Runtime against PyTorch on the testkit's tiny bundle (random weights). */
class VaeEncoderTest {

    @Test
    void encodesFramesToTheNormalizedLatentsPyTorchComputes() throws Exception {
        TensorFile f = SafeTensors.read(Files.readAllBytes(Bundles.tinyRandomBundle().resolve("encoder_fixture.safetensors")));
        float[] expected = f.tensor("latents").toFloats();
        try (VaeEncoder encoder = new VaeEncoder(ModelBundle.open(Bundles.tinyRandomBundle()), InferenceDevice.parse("cpu"),
                CpuThreads.of(1))) {
            VaeEncoder.EncodedLatents z = encoder.encode(f.tensor("frames").toFloats(), new long[] {1, 3, 5, 16, 24});
            assertArrayEquals(new long[] {1, 8, 2, 2, 3}, z.shape(), "5 frames of 16x24 -> 2 latent frames of 2x3");
            float worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(z.values()[i] - expected[i]));
            }
            assertTrue(worst < 1e-4f, "encoder latents off PyTorch's by " + worst);
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new float[3 * 4 * 16 * 24],
                    new long[] {1, 3, 4, 16, 24}), "4 frames is not 1 + 4k");
        }
    }

    @Test
    void aBundleWithoutAnEncoderIsRefusedWithAReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new VaeEncoder(
                ModelBundle.open(Bundles.defaultBundle()), InferenceDevice.parse("cpu"), CpuThreads.of(1)));
        assertTrue(e.getMessage().contains("no VAE encoder"), e.getMessage());
    }
}
