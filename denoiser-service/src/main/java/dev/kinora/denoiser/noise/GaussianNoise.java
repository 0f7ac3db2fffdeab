package dev.kinora.denoiser.noise;

/**
 * The documented noise generator "kinora-gauss-v1", so that the same seed gives the same video on
 * any machine and in the PyTorch reference sampler: SplitMix64 for uniform bits, uniforms in
 * (0, 1] from the top 53 bits, then Box–Muller in double precision (StrictMath, so the result
 * does not depend on the platform's math library), each pair emitted as r·cos(a), r·sin(a).
 */
public final class GaussianNoise {

    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long state;

    public GaussianNoise(long seed) {
        this.state = seed;
    }

    /** SplitMix64: a full-period 64-bit generator whose output mixes every state bit. */
    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in (0, 1]; never 0, so the logarithm below is finite. */
    double nextUniform() {
        return ((nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
    }

    /** Fills {@code out} in order with standard normal samples. */
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(nextUniform()));
            double a = 2.0 * StrictMath.PI * nextUniform();
            out[i] = (float) (r * StrictMath.cos(a));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (r * StrictMath.sin(a));
            }
        }
    }

    public static float[] sample(long seed, int count) {
        float[] out = new float[count];
        new GaussianNoise(seed).fill(out);
        return out;
    }
}
