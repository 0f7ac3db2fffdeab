package dev.kinora.denoiser.condition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.denoiser.schedule.FlowDpmSolver2MScheduler;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.denoiser.schedule.Scheduler;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnownFramesTest {

    static final int C = 2, T = 4, HW = 6, N = C * T * HW;
    static final boolean[] FIRST_TWO = {true, true, false, false};

    static float[] random(long seed) {
        Random r = new Random(seed);
        float[] a = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static float at(float[] x, int c, int t, int i) {
        return x[(c * T + t) * HW + i];
    }

    /** Runs a solver with an arbitrary velocity field, imposing the known frames as the stage does. */
    static float[] sample(Scheduler scheduler, KnownFrames known, float[] noise) {
        float[] x = noise.clone();
        known.impose(x, scheduler.sigmas()[0]);
        for (int i = 0; i < scheduler.steps(); i++) {
            float[] v = random(100 + i);           // a model's velocity: any field at all
            scheduler.step(x, v, i);
            known.impose(x, scheduler.sigmas()[i + 1]);
        }
        return x;
    }

    @Test
    void givenFramesComeOutAsTheyWentInWithEitherSolverAndEitherMode() {
        float[] clean = random(1);
        float[] noise = random(2);
        for (KnownFrames.Mode mode : KnownFrames.Mode.values()) {
            for (Scheduler s : new Scheduler[] {new FlowEulerScheduler(8, 2.0), new FlowDpmSolver2MScheduler(8, 2.0)}) {
                float[] x = sample(s, new KnownFrames(mode, clean, noise, FIRST_TWO, C), noise);
                for (int c = 0; c < C; c++) {
                    for (int t = 0; t < 2; t++) {
                        for (int i = 0; i < HW; i++) {
                            assertEquals(at(clean, c, t, i), at(x, c, t, i), 1e-6f, mode + " " + s.getClass());
                        }
                    }
                }
                assertTrue(Math.abs(at(x, 0, 3, 0) - at(clean, 0, 3, 0)) > 1e-3, "frames to generate are generated");
            }
        }
    }

    @Test
    void replacementNoisesTheGivenFramesToTheCurrentLevelWithTheJobsNoise() {
        float[] clean = random(3);
        float[] noise = random(4);
        KnownFrames known = new KnownFrames(KnownFrames.Mode.REPLACEMENT, clean, noise, FIRST_TWO, C);
        float[] x = random(5);
        float[] before = x.clone();
        known.impose(x, 0.25);
        assertEquals(0.75f * at(clean, 1, 1, 2) + 0.25f * at(noise, 1, 1, 2), at(x, 1, 1, 2), 1e-6f);
        assertEquals(at(before, 1, 2, 2), at(x, 1, 2, 2), "frames to generate are left alone");
        assertNull(known.cleanForTransformer(), "a transformer that never learned clean frames is not told of them");
    }

    @Test
    void learnedConditioningTellsTheTransformerWhichFramesAreClean() {
        KnownFrames known = new KnownFrames(KnownFrames.Mode.LEARNED, random(6), random(7), FIRST_TWO, C);
        assertArrayEquals(FIRST_TWO, known.cleanForTransformer());
        float[] x = random(8);
        known.impose(x, 0.9);
        assertEquals(at(random(6), 0, 0, 0), at(x, 0, 0, 0), "learned: clean at every level");
    }

    @Test
    void refusesNothingKnownEverythingKnownAndMismatchedShapes() {
        float[] a = random(9);
        assertThrows(IllegalArgumentException.class,
                () -> new KnownFrames(KnownFrames.Mode.LEARNED, a, a, new boolean[T], C));
        assertThrows(IllegalArgumentException.class,
                () -> new KnownFrames(KnownFrames.Mode.LEARNED, a, a, new boolean[] {true, true, true, true}, C));
        assertThrows(IllegalArgumentException.class,
                () -> new KnownFrames(KnownFrames.Mode.LEARNED, a, new float[N - 1], FIRST_TWO, C));
    }
}
