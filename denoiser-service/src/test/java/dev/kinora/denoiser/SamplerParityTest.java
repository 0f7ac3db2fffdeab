package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.ReferenceSampler;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.Schedulers;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.GraphPrecision;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.testkit.Bundles;
import org.junit.jupiter.api.Test;

/**
 * The Java sampler (ONNX Runtime, guidance, each solver) against the PyTorch reference sampler on
 * the fixtures that tools/model/kinora_model/sampler.py wrote with the same bundle.
 */
class SamplerParityTest {

    /** Largest allowed absolute difference of any latent value after the whole run. */
    static final float TOLERANCE = 1e-3f;
    /** The same for the float16 graph (GPU path): its products round to 11-bit mantissas. */
    static final float HALF_TOLERANCE = 2e-2f;

    @Test
    void eulerReproducesTheReferenceLatents() {
        assertParity("sampler.safetensors", FlowEulerScheduler.TYPE);
    }

    @Test
    void theFloat16TransformerStaysNearTheReferenceLatents() {
        float worst = assertParity("sampler.safetensors", FlowEulerScheduler.TYPE, GraphPrecision.FP16, HALF_TOLERANCE);
        assertTrue(worst > 0, "the float16 graph is a different computation, so it cannot match bit for bit");
    }

    @Test
    void dpmSolver2MReproducesTheReferenceLatents() {
        TensorFile f = Bundles.fixture("sampler_dpm.safetensors");
        assertEquals(FlowDpmSolver2MScheduler.TYPE, f.meta("solver"), "the fixture was written by the reference DPM++ 2M");
        assertParity("sampler_dpm.safetensors", FlowDpmSolver2MScheduler.TYPE);
    }

    static void assertParity(String fixture, String solver) {
        assertParity(fixture, solver, GraphPrecision.FP32, TOLERANCE);
    }

    static float assertParity(String fixture, String solver, GraphPrecision precision, float tolerance) {
        TensorFile f = Bundles.fixture(fixture);
        int steps = Integer.parseInt(f.meta("steps"));
        double shift = Double.parseDouble(f.meta("shift"));
        float guidance = Float.parseFloat(f.meta("guidance"));
        long seed = Long.parseLong(f.meta("seed"));
        float[] noise = f.tensor("noise").toFloats();
        assertArrayEquals(noise, GaussianNoise.sample(seed, noise.length), "fixture noise is kinora-gauss-v1");

        Scheduler scheduler = Schedulers.create(solver, steps, shift);
        float[] sigmas = f.tensor("sigmas").toFloats();
        for (int i = 0; i < sigmas.length; i++) {
            assertTrue(Math.abs(sigmas[i] - scheduler.sigmas()[i]) < 1e-6, "sigma " + i);
        }

        TextConditioning text = stackText(f.tensor("cond_hidden_states"), f.tensor("cond_attention_mask"),
                f.tensor("uncond_hidden_states"), f.tensor("uncond_attention_mask"));
        long[] shape = shapeOf(f.meta("shape"));
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(Bundles.defaultBundle()),
                InferenceDevice.parse("cpu"), CpuThreads.of(0), precision)) {
            assertEquals(precision == GraphPrecision.FP16, transformer.halfPrecision());
            float[] x = noise.clone();
            new ReferenceSampler(transformer).sample(x, shape, text, guidance, scheduler, (step, total) -> { });
            float[] expected = f.tensor("final_latents").toFloats();
            float worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - expected[i]));
            }
            System.out.printf("sampler parity (%s, %s, %d steps): max |java - torch| = %.3g over %d values (tolerance %.0e)%n",
                    solver, precision, steps, worst, x.length, tolerance);
            assertTrue(worst <= tolerance, "max abs difference " + worst + " exceeds " + tolerance);
            return worst;
        }
    }

    static TextConditioning stackText(Tensor cond, Tensor condMask, Tensor uncond, Tensor uncondMask) {
        int d = cond.dim(cond.shape().length - 1);
        int lc = cond.dim(cond.shape().length - 2);
        int lu = uncond.dim(uncond.shape().length - 2);
        int l = Math.max(lc, lu);
        float[] hidden = new float[2 * l * d];
        long[] mask = new long[2 * l];
        System.arraycopy(cond.toFloats(), 0, hidden, 0, lc * d);
        System.arraycopy(uncond.toFloats(), 0, hidden, l * d, lu * d);
        float[] cm = condMask.toFloats();
        float[] um = uncondMask.toFloats();
        for (int i = 0; i < lc; i++) {
            mask[i] = (long) cm[i];
        }
        for (int i = 0; i < lu; i++) {
            mask[l + i] = (long) um[i];
        }
        return TextConditioning.of(hidden, l, d, mask);
    }

    static long[] shapeOf(String csv) {
        return java.util.Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
