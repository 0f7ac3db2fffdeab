package dev.kinora.decoder.vae;

/**
 * Decoded video as the graph returns it: planar [3, frames, height, width] in [-1, 1]
 * (the batch of one dropped).
 */
public record DecodedFrames(int frames, int height, int width, float[] pixels) {

    /** Frame {@code f} as packed RGB24 bytes, row by row, values clamped and rounded. */
    public byte[] rgb(int f) {
        int plane = frames * height * width;
        int frameOffset = f * height * width;
        byte[] out = new byte[height * width * 3];
        for (int p = 0; p < height * width; p++) {
            for (int ch = 0; ch < 3; ch++) {
                float v = pixels[ch * plane + frameOffset + p];
                int level = Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
                out[p * 3 + ch] = (byte) level;
            }
        }
        return out;
    }
}
