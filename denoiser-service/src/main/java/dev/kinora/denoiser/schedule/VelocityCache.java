package dev.kinora.denoiser.schedule;

import java.util.Arrays;

/**
 * Skips transformer calls while the latents barely change (after TeaCache, which reuses a step's
 * model output while the accumulated change of its input stays small): at step i the relative L1
 * change ‖x_i − x_{i−1}‖₁ / ‖x_{i−1}‖₁ is added to a sum that starts at zero whenever the model runs;
 * while the sum stays under the threshold the last guided velocity is reused, and once it reaches the
 * threshold the model runs again. The first and the last step always run it.
 *
 * <p>It wraps any solver and steps with it unchanged. Its carried state (the solver's, then the sum,
 * the model calls so far, the last velocity and the last input) goes into latent checkpoints, so a
 * resumed run decides and reuses exactly as an uninterrupted one.
 */
public final class VelocityCache implements Scheduler {

    private final Scheduler solver;
    private final double threshold;
    private float[] velocity;     // the last guided velocity the model gave (null before the first call)
    private float[] previous;     // the latents before the last step
    private float accumulated;   // float, as checkpoints store it: a resumed run adds up the same way
    private int modelCalls;

    public VelocityCache(Scheduler solver, double threshold) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("cache threshold must be positive, not " + threshold);
        }
        this.solver = solver;
        this.threshold = threshold;
    }

    /** Whether step {@code i} must run the model for latents {@code x}; false means {@link #cachedVelocity()}. */
    public boolean needsModel(float[] x, int i) {
        if (velocity != null && previous != null && i > 0 && i < steps() - 1) {
            accumulated += (float) relativeChange(x, previous);
            if (accumulated < threshold) {
                return false;
            }
        }
        accumulated = 0;
        return true;
    }

    /** Called with the guided velocity whenever the model ran. */
    public void remember(float[] guidedVelocity) {
        velocity = guidedVelocity.clone();
        modelCalls++;
    }

    public float[] cachedVelocity() {
        return velocity;
    }

    /** Transformer calls (guided pairs) this run has made. */
    public int modelCalls() {
        return modelCalls;
    }

    @Override
    public double[] sigmas() {
        return solver.sigmas();
    }

    @Override
    public void step(float[] x, float[] v, int i) {
        previous = x.clone();
        solver.step(x, v, i);
    }

    @Override
    public float[] carriedState() {
        float[] inner = solver.carriedState();
        int n = velocity == null ? 0 : velocity.length;
        float[] state = new float[4 + inner.length + 2 * n];
        state[0] = inner.length;
        state[1] = accumulated;
        state[2] = modelCalls;
        state[3] = n;
        System.arraycopy(inner, 0, state, 4, inner.length);
        if (n > 0) {
            System.arraycopy(velocity, 0, state, 4 + inner.length, n);
            System.arraycopy(previous, 0, state, 4 + inner.length + n, n);
        }
        return state;
    }

    @Override
    public void restore(float[] state, int nextStep) {
        int innerLength = (int) state[0];
        accumulated = state[1];
        modelCalls = (int) state[2];
        int n = (int) state[3];
        solver.restore(Arrays.copyOfRange(state, 4, 4 + innerLength), nextStep);
        velocity = n == 0 ? null : Arrays.copyOfRange(state, 4 + innerLength, 4 + innerLength + n);
        previous = n == 0 ? null : Arrays.copyOfRange(state, 4 + innerLength + n, 4 + innerLength + 2 * n);
    }

    private static double relativeChange(float[] x, float[] before) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < x.length; k++) {
            diff += Math.abs(x[k] - before[k]);
            norm += Math.abs(before[k]);
        }
        return norm > 0 ? diff / norm : Double.POSITIVE_INFINITY;
    }
}
