package dev.kinora.denoiser.model;

import dev.kinora.denoiser.schedule.Guidance;
import dev.kinora.denoiser.schedule.Scheduler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The sampling loop of one job on its own, the reference that the service's {@link StepBatcher}
 * is checked against (and the benchmark's single-job baseline): at each step the conditional and
 * unconditional passes go through the transformer as one batch of two, guidance mixes them, and
 * the scheduler moves the latents one noise level down.
 */
public final class ReferenceSampler {

    private final DiffusionTransformer transformer;

    public ReferenceSampler(DiffusionTransformer transformer) {
        this.transformer = transformer;
    }

    /**
     * Denoises {@code noise} ([C, T, H, W] flattened, overwritten with the result) and returns it.
     */
    public float[] sample(float[] noise, long[] sampleShape, TextConditioning text, float guidance, Scheduler scheduler,
            StepListener listener) {
        int n = noise.length;
        long[] batchShape = {2, sampleShape[0], sampleShape[1], sampleShape[2], sampleShape[3]};
        FloatBuffer batch = ByteBuffer.allocateDirect(2 * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] velocities = new float[2 * n];
        float[] velocity = new float[n];
        float[] x = noise;
        double[] sigmas = scheduler.sigmas();
        int steps = sigmas.length - 1;
        for (int i = 0; i < steps; i++) {
            batch.clear();
            batch.put(x).put(x).flip();
            float sigma = (float) sigmas[i];
            transformer.predict(batch, batchShape, new float[] {sigma, sigma}, text.hidden(), text.hiddenShape(),
                    text.mask(), velocities);
            Guidance.combine(velocities, n, guidance, velocity);
            scheduler.step(x, velocity, i);
            listener.afterStep(i + 1, steps);
        }
        return x;
    }
}
