package dev.kinora.denoiser.condition;

import java.util.Arrays;

/**
 * Latent frames a job is given — an image to animate, the frames of a video to extend or connect,
 * the tail of a long video's previous window — and how the sampler keeps them, whatever its solver:
 *
 * <ul>
 *   <li>{@link Mode#LEARNED}, for a transformer trained with frames given clean (a per-frame timestep):
 *       the frames stay their clean latents z_k, and the transformer sees them at noise level 0.
 *   <li>{@link Mode#REPLACEMENT}, training-free, for any transformer: the frames are replaced by their
 *       clean latents noised to the current level with the job's own noise, x_k = (1 − σ)·z_k + σ·ε_k.
 * </ul>
 *
 * {@link #impose} runs before the first step and after every step (at the level the step reached),
 * so at σ = 0 both modes end on z_k exactly: the given frames come out as they went in.
 */
public final class KnownFrames {

    public enum Mode { LEARNED, REPLACEMENT }

    private final Mode mode;
    private final float[] clean;
    private final float[] noise;
    private final boolean[] known;
    private final int channels;
    private final int frameSize;

    /**
     * @param clean [C, T, H, W] latents, read only at the known frames
     * @param noise the job's initial noise, same shape (the replacement's ε)
     * @param known one flag per latent frame T
     */
    public KnownFrames(Mode mode, float[] clean, float[] noise, boolean[] known, int channels) {
        if (clean.length != noise.length || clean.length % (channels * known.length) != 0) {
            throw new IllegalArgumentException("clean latents, noise and " + known.length + " frames of " + channels
                    + " channels do not fit together");
        }
        boolean any = false;
        for (boolean k : known) {
            any |= k;
        }
        if (!any || allKnown(known)) {
            throw new IllegalArgumentException("known frames must leave at least one frame given and one to generate");
        }
        this.mode = mode;
        this.clean = clean.clone();
        this.noise = noise.clone();
        this.known = known.clone();
        this.channels = channels;
        this.frameSize = clean.length / (channels * known.length);
    }

    public Mode mode() {
        return mode;
    }

    /** Per latent frame, whether it is given (a copy). */
    public boolean[] known() {
        return known.clone();
    }

    /** What the transformer is told is clean: the known frames when it learned so, else nothing. */
    public boolean[] cleanForTransformer() {
        return mode == Mode.LEARNED ? known.clone() : null;
    }

    /** Puts the known frames of {@code x} ([C, T, H, W]) where they belong at noise level {@code sigma}. */
    public void impose(float[] x, double sigma) {
        float keep = mode == Mode.LEARNED ? 1f : (float) (1.0 - sigma);
        float mix = mode == Mode.LEARNED ? 0f : (float) sigma;
        int frames = known.length;
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < frames; t++) {
                if (!known[t]) {
                    continue;
                }
                int from = (c * frames + t) * frameSize;
                for (int i = from; i < from + frameSize; i++) {
                    x[i] = keep * clean[i] + mix * noise[i];
                }
            }
        }
    }

    private static boolean allKnown(boolean[] known) {
        boolean[] all = new boolean[known.length];
        Arrays.fill(all, true);
        return Arrays.equals(all, known);
    }
}
