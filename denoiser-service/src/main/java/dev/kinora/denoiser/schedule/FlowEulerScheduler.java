package dev.kinora.denoiser.schedule;

import dev.kinora.events.contract.SamplerNames;

/** First-order (Euler) integration of the flow ODE: x ← x + (σ_{i+1} − σ_i)·v. */
public final class FlowEulerScheduler implements Scheduler {

    public static final String TYPE = SamplerNames.FLOW_EULER;

    private final double[] sigmas;

    public FlowEulerScheduler(int steps, double shift) {
        this.sigmas = FlowSigmas.shifted(steps, shift);
    }

    @Override
    public double[] sigmas() {
        return sigmas;
    }

    @Override
    public void step(float[] x, float[] velocity, int i) {
        float dt = (float) (sigmas[i + 1] - sigmas[i]);
        for (int k = 0; k < x.length; k++) {
            x[k] += dt * velocity[k];
        }
    }
}
