package dev.kinora.denoiser.schedule;

/**
 * A sampling algorithm over the flow-matching noise levels σ (1 = pure noise, 0 = clean).
 * One instance serves one job: a multistep solver keeps what it needs from earlier steps (DPM++ 2M
 * keeps the previous step's data estimate x0 and step size, not the velocity).
 */
public interface Scheduler {

    /** The N+1 noise levels of an N-step run, from 1 down to 0. */
    double[] sigmas();

    /** Number of model evaluations (steps). */
    default int steps() {
        return sigmas().length - 1;
    }

    /** Moves {@code x} in place from σ_i to σ_{i+1}, given the model's velocity at σ_i. */
    void step(float[] x, float[] velocity, int i);

    /**
     * What the solver carries from one step to the next (empty for single-step solvers), so that
     * a latent checkpoint taken after a step can resume the run exactly.
     */
    default float[] carriedState() {
        return new float[0];
    }

    /** Takes back {@link #carriedState()} as it was before step {@code nextStep}. */
    default void restore(float[] state, int nextStep) {}
}
