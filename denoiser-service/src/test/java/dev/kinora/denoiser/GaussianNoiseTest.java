package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.testkit.Bundles;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void matchesThePythonReferenceBitForBit() {
        TensorFile fixture = Bundles.fixture("noise_seed42.safetensors");
        float[] expected = fixture.tensor("noise").toFloats();
        assertArrayEquals(expected, GaussianNoise.sample(42, expected.length));
    }

    @Test
    void splitMix64MatchesHandComputedFirstOutput() {
        // seed 0: state = 0x9E3779B97F4A7C15, mixed by the SplitMix64 finalizer.
        float[] first = GaussianNoise.sample(0, 2);
        long z = 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        assertEquals(0xE220A8397B1DCDAFL, z, "SplitMix64's published first output for seed 0");
        long z2 = 0x9E3779B97F4A7C15L * 2;
        z2 = (z2 ^ (z2 >>> 30)) * 0xBF58476D1CE4E5B9L;
        z2 = (z2 ^ (z2 >>> 27)) * 0x94D049BB133111EBL;
        z2 = z2 ^ (z2 >>> 31);
        double u1 = ((z >>> 11) + 1) * 0x1.0p-53;
        double u2 = ((z2 >>> 11) + 1) * 0x1.0p-53;
        double r = Math.sqrt(-2 * Math.log(u1));
        assertEquals((float) (r * Math.cos(2 * Math.PI * u2)), first[0], 1e-6f);
        assertEquals((float) (r * Math.sin(2 * Math.PI * u2)), first[1], 1e-6f);
    }

    @Test
    void isStandardNormalAndSeedDependent() {
        float[] a = GaussianNoise.sample(123, 200_001);
        double mean = 0;
        double sq = 0;
        for (float v : a) {
            mean += v;
            sq += v * v;
        }
        mean /= a.length;
        double var = sq / a.length - mean * mean;
        assertEquals(0.0, mean, 0.01);
        assertEquals(1.0, var, 0.01);
        assertNotEquals(a[0], GaussianNoise.sample(124, 1)[0]);
        assertArrayEquals(GaussianNoise.sample(123, 10), java.util.Arrays.copyOf(a, 10));
    }
}
