package dev.kinora.model;

import java.util.List;

/**
 * The model's latent space: the VAE's raw latents z and the normalized ones the transformer works in,
 * (z − mean) / std per channel, with the statistics of the bundle's manifest.
 */
public record LatentSpace(float[] mean, float[] std) {

    public static LatentSpace of(ModelManifest.VaeDecoder vae) {
        if (vae.latentMean().size() != vae.latentChannels() || vae.latentStd().size() != vae.latentChannels()) {
            throw new IllegalStateException("the manifest needs one latent mean and std per channel");
        }
        return new LatentSpace(floats(vae.latentMean()), floats(vae.latentStd()));
    }

    /** Raw latents [C, ...] (channel-major) to the transformer's space. */
    public float[] normalize(float[] raw) {
        return map(raw, true);
    }

    /** The transformer's latents [C, ...] back to what the VAE decoder takes. */
    public float[] denormalize(float[] normalized) {
        return map(normalized, false);
    }

    private float[] map(float[] in, boolean normalize) {
        int channels = mean.length;
        float[] out = new float[in.length];
        int perChannel = in.length / channels;
        for (int c = 0; c < channels; c++) {
            for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                out[k] = normalize ? (in[k] - mean[c]) / std[c] : in[k] * std[c] + mean[c];
            }
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i);
        }
        return f;
    }
}
