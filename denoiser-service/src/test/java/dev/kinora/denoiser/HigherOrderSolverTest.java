package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.Scheduler;
import dev.kinora.denoiser.schedule.Schedulers;
import org.junit.jupiter.api.Test;

/**
 * The solvers on a flow whose exact answer is known: data x0 ~ N(0, s²) in one dimension. Its
 * ideal velocity is v(x, σ) = (σ − (1 − σ)s²)·x / V(σ) with V = (1 − σ)²s² + σ², and the flow maps
 * x at σ = 1 to s·x at σ = 0.
 */
class HigherOrderSolverTest {

    static final double S = 3.0;

    static double solve(Scheduler scheduler, double start) {
        float[] x = {(float) start};
        double[] sigmas = scheduler.sigmas();
        for (int i = 0; i < sigmas.length - 1; i++) {
            double sigma = sigmas[i];
            double variance = (1 - sigma) * (1 - sigma) * S * S + sigma * sigma;
            float v = (float) ((sigma - (1 - sigma) * S * S) * x[0] / variance);
            scheduler.step(x, new float[] {v}, i);
        }
        return x[0];
    }

    @Test
    void dpmSolverIsFarMoreAccurateThanEulerAtTheSameSteps() {
        for (int steps : new int[] {8, 16, 32}) {
            double euler = Math.abs(solve(new FlowEulerScheduler(steps, 2.0), 1.0) - S);
            double dpm = Math.abs(solve(new FlowDpmSolver2MScheduler(steps, 2.0), 1.0) - S);
            System.out.printf("steps %2d: |error| euler %.5f, dpm++2m %.5f%n", steps, euler, dpm);
            assertTrue(dpm < euler / 4, "steps " + steps + ": dpm " + dpm + " vs euler " + euler);
        }
    }

    @Test
    void dpmSolverWithHalfTheStepsBeatsEuler() {
        double euler20 = Math.abs(solve(new FlowEulerScheduler(20, 2.0), 1.0) - S);
        double dpm10 = Math.abs(solve(new FlowDpmSolver2MScheduler(10, 2.0), 1.0) - S);
        assertTrue(dpm10 < euler20, "dpm++2m at 10 steps " + dpm10 + " vs euler at 20 " + euler20);
    }

    @Test
    void dpmSolverConvergesAtSecondOrder() {
        double e8 = Math.abs(solve(new FlowDpmSolver2MScheduler(8, 2.0), 1.0) - S);
        double e16 = Math.abs(solve(new FlowDpmSolver2MScheduler(16, 2.0), 1.0) - S);
        double e32 = Math.abs(solve(new FlowDpmSolver2MScheduler(32, 2.0), 1.0) - S);
        double eulerRatio = Math.abs(solve(new FlowEulerScheduler(16, 2.0), 1.0) - S)
                / Math.abs(solve(new FlowEulerScheduler(32, 2.0), 1.0) - S);
        // Halving the step size cuts a second-order error about fourfold; first order only halves it.
        assertTrue(e8 / e16 > 2.5 && e16 / e32 > 2.5, "ratios " + e8 / e16 + ", " + e16 / e32);
        assertTrue(eulerRatio < 2.2, "euler is first order: ratio " + eulerRatio);
    }

    @Test
    void aStraightFlowIsSolvedExactly() {
        // v = ε − x0 for one fixed pair: every step of the solver is exact on a straight path.
        float x0 = 0.4f;
        float eps = -1.5f;
        FlowDpmSolver2MScheduler dpm = new FlowDpmSolver2MScheduler(5, 3.0);
        float[] x = {eps};
        for (int i = 0; i < 5; i++) {
            dpm.step(x, new float[] {eps - x0}, i);
        }
        assertEquals(x0, x[0], 1e-6f);
    }

    @Test
    void schedulersAreChosenByName() {
        assertInstanceOf(FlowDpmSolver2MScheduler.class, Schedulers.create("flow-dpm++2m", 10, 2.0));
        assertInstanceOf(FlowEulerScheduler.class, Schedulers.create("flow-euler", 10, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Schedulers.create("ddim", 10, 2.0));
    }
}
