package dev.kinora.denoiser.schedule;

import dev.kinora.events.contract.SamplerNames;

/**
 * DPM-Solver++ (2M), the second-order multistep solver in data prediction, written for the
 * rectified flow x_σ = (1 − σ)·x0 + σ·ε, where α = 1 − σ and the model's velocity v gives
 * x0 = x − σ·v. Each step is x' = (σ'/σ)·x + (α' − α·σ'/σ)·D, with D the current x0 estimate
 * corrected by the previous one; the first and the final step are first order, which keeps the
 * start (α = 0) and the end (σ = 0) well defined.
 */
public final class FlowDpmSolver2MScheduler implements Scheduler {

    public static final String TYPE = SamplerNames.FLOW_DPM_SOLVER_2M;

    private final double[] sigmas;
    private float[] previousX0;
    private double previousH = Double.NaN;

    public FlowDpmSolver2MScheduler(int steps, double shift) {
        this.sigmas = FlowSigmas.shifted(steps, shift);
    }

    @Override
    public double[] sigmas() {
        return sigmas;
    }

    @Override
    public void step(float[] x, float[] velocity, int i) {
        double s = sigmas[i];
        double next = sigmas[i + 1];
        float[] x0 = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            x0[k] = (float) (x[k] - s * velocity[k]);
        }
        if (next == 0.0) {
            System.arraycopy(x0, 0, x, 0, x.length); // σ' = 0: the sample is the data estimate
            return;
        }
        double alpha = 1.0 - s;
        double alphaNext = 1.0 - next;
        double h = lambda(next) - lambda(s); // +∞ on the first step, where α = 0
        float[] d = x0;
        if (Double.isFinite(previousH) && Double.isFinite(h)) {
            double r = previousH / h;
            float a = (float) (1.0 + 1.0 / (2.0 * r));
            float b = (float) (1.0 / (2.0 * r));
            d = new float[x.length];
            for (int k = 0; k < x.length; k++) {
                d[k] = a * x0[k] - b * previousX0[k];
            }
        }
        float keep = (float) (next / s);
        float take = (float) (alphaNext - alpha * next / s);
        for (int k = 0; k < x.length; k++) {
            x[k] = keep * x[k] + take * d[k];
        }
        previousX0 = x0;
        previousH = h;
    }

    @Override
    public float[] carriedState() {
        return previousX0 == null ? new float[0] : previousX0.clone();
    }

    @Override
    public void restore(float[] state, int nextStep) {
        previousX0 = state.length == 0 ? null : state.clone();
        // The step size is a function of the schedule alone; only the previous estimate is state.
        previousH = nextStep >= 1 ? lambda(sigmas[nextStep]) - lambda(sigmas[nextStep - 1]) : Double.NaN;
    }

    /** λ = log(α/σ), the log signal-to-noise ratio the solver steps in. */
    private static double lambda(double sigma) {
        return Math.log((1.0 - sigma) / sigma);
    }
}
