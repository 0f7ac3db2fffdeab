package dev.kinora.denoiser.schedule;

/**
 * Noise levels of a flow-matching run: s_i = 1 − i/N, shifted as σ = shift·s / (1 + (shift − 1)·s).
 * A shift above 1 spends more steps at high noise, where large-scale layout and motion form.
 */
public final class FlowSigmas {

    private FlowSigmas() {}

    public static double[] shifted(int steps, double shift) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(shift > 0)) {
            throw new IllegalArgumentException("shift must be positive, got " + shift);
        }
        double[] sigmas = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double s = 1.0 - (double) i / steps;
            sigmas[i] = shift * s / (1.0 + (shift - 1.0) * s);
        }
        return sigmas;
    }
}
