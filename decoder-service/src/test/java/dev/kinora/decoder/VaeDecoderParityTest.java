package dev.kinora.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.decoder.vae.DecodedFrames;
import dev.kinora.decoder.vae.VaeDecoder;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import org.junit.jupiter.api.Test;

/** The Java VAE decoder path (de-normalization + ONNX Runtime) against PyTorch's decoded frames. */
class VaeDecoderParityTest {

    static final float TOLERANCE = 2e-3f;

    @Test
    void decodesTheReferenceFrames() {
        TensorFile f = Bundles.fixture("decoder.safetensors");
        Tensor latents = f.tensor("latents");
        float[] expected = f.tensor("frames").toFloats();
        try (VaeDecoder decoder = new VaeDecoder(ModelBundle.open(Bundles.defaultBundle()), InferenceDevice.parse("cpu"), CpuThreads.of(0))) {
            float[] z = latents.toFloats();
            int c = latents.dim(0);
            int per = z.length / c;
            // The fixture holds un-normalized latents; the service receives normalized ones.
            float[] normalized = new float[z.length];
            for (int ch = 0; ch < c; ch++) {
                float mean = decoder.spec().latentMean().get(ch);
                float std = decoder.spec().latentStd().get(ch);
                for (int k = ch * per; k < (ch + 1) * per; k++) {
                    normalized[k] = (z[k] - mean) / std;
                }
            }
            long[] shape = {1, latents.shape()[0], latents.shape()[1], latents.shape()[2], latents.shape()[3]};
            DecodedFrames frames = decoder.decode(normalized, shape);
            assertArrayEquals(new int[] {17, 64, 64}, new int[] {frames.frames(), frames.height(), frames.width()});
            assertEquals(expected.length, frames.pixels().length);
            float worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - frames.pixels()[i]));
            }
            System.out.printf("vae parity: max |java - torch| = %.3g over %d values (tolerance %.0e)%n", worst,
                    expected.length, TOLERANCE);
            assertTrue(worst <= TOLERANCE, "max abs difference " + worst);
        }
    }
}
