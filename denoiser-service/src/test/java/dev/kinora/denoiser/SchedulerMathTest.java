package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.FlowSigmas;
import dev.kinora.denoiser.schedule.Guidance;
import org.junit.jupiter.api.Test;

class SchedulerMathTest {

    @Test
    void unshiftedSigmasAreLinear() {
        assertArrayEquals(new double[] {1.0, 0.75, 0.5, 0.25, 0.0}, FlowSigmas.shifted(4, 1.0), 1e-12);
    }

    @Test
    void shiftedSigmasMatchHandComputedValues() {
        // shift 3: σ = 3s / (1 + 2s) for s = 1, .75, .5, .25, 0
        assertArrayEquals(new double[] {1.0, 0.9, 0.75, 0.5, 0.0}, FlowSigmas.shifted(4, 3.0), 1e-12);
        // shift 2, 2 steps: s = 1, .5, 0 → 1, 1/1.5, 0
        assertArrayEquals(new double[] {1.0, 2.0 / 3.0, 0.0}, FlowSigmas.shifted(2, 2.0), 1e-12);
    }

    @Test
    void eulerStepMovesAlongTheVelocity() {
        FlowEulerScheduler euler = new FlowEulerScheduler(4, 3.0);
        float[] x = {1f, -2f};
        euler.step(x, new float[] {10f, 4f}, 0); // dt = 0.9 - 1.0 = -0.1
        assertArrayEquals(new float[] {0f, -2.4f}, x, 1e-6f);
        euler.step(x, new float[] {2f, 0f}, 3); // dt = 0 - 0.5
        assertArrayEquals(new float[] {-1f, -2.4f}, x, 1e-6f);
    }

    @Test
    void eulerRecoversTheCleanSampleOfAStraightFlow() {
        // For x_σ = (1−σ)·x0 + σ·ε the exact velocity is ε − x0; Euler on a straight path is exact.
        float x0 = 0.3f;
        float eps = -1.2f;
        FlowEulerScheduler euler = new FlowEulerScheduler(7, 2.5);
        float[] x = {eps};
        for (int i = 0; i < 7; i++) {
            euler.step(x, new float[] {eps - x0}, i);
        }
        assertArrayEquals(new float[] {x0}, x, 1e-6f);
    }

    @Test
    void guidanceExtrapolatesFromUnconditional() {
        float[] out = new float[2];
        Guidance.combine(new float[] {1f, 2f, 0.5f, 1f}, 2, 4f, out); // cond {1,2}, uncond {.5,1}
        assertArrayEquals(new float[] {2.5f, 5f}, out, 1e-6f);
        Guidance.combine(new float[] {1f, 2f, 0.5f, 1f}, 2, 1f, out);
        assertArrayEquals(new float[] {1f, 2f}, out, 1e-6f);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> FlowSigmas.shifted(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> FlowSigmas.shifted(4, 0.0));
    }
}
