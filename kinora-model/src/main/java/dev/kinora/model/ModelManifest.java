package dev.kinora.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The content of a bundle's {@code model.json}: everything a service needs to know about the
 * graphs without guessing (names, shapes, scaling, defaults, limits).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        int format,
        String name,
        String version,
        String description,
        TextEncoder textEncoder,
        Transformer transformer,
        VaeDecoder vaeDecoder,
        VaeEncoder vaeEncoder,
        Scheduler scheduler,
        Video video) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TextEncoder(
            String file,
            String tokenizer,
            String sha256,
            String tokenizerSha256,
            int maxTokens,
            int hiddenSize,
            Map<String, String> inputs,
            String output) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transformer(
            String file,
            String sha256,
            Map<String, String> inputs,
            String output,
            String prediction,
            double timestepScale,
            int latentChannels,
            List<Integer> patchSize,
            long parameters,
            Boolean timestepPerFrame) {

        /**
         * Whether the graph's timestep is one noise level per latent frame, [B, T] (frames given clean
         * at level 0 for image, extend and long-video conditioning), rather than one per sample, [B].
         */
        public boolean perFrameTimestep() {
            return Boolean.TRUE.equals(timestepPerFrame);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VaeDecoder(
            String file,
            String sha256,
            String input,
            String output,
            int temporalCompression,
            int spatialCompression,
            int latentChannels,
            List<Float> latentMean,
            List<Float> latentStd) {

        /** Frames a latent of {@code latentFrames} decodes to: the first frame is kept whole. */
        public int framesFor(int latentFrames) {
            return 1 + temporalCompression * (latentFrames - 1);
        }

        /** Latent frames whose decoding covers {@code frames}; the decoder's extra frames are trimmed. */
        public int latentFramesFor(int frames) {
            return 1 + (frames - 1 + temporalCompression - 1) / temporalCompression;
        }
    }

    /**
     * The VAE's encoder (media to latents, for image and video prompts); absent from bundles made
     * before it was exported. Its latents live in the decoder's space, normalized by the decoder's
     * latent statistics.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VaeEncoder(
            String file,
            String sha256,
            String input,
            String output,
            int temporalCompression,
            int spatialCompression,
            int latentChannels) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scheduler(String type, double shift, int defaultSteps, double defaultGuidance) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Video(
            int fps,
            int defaultWidth,
            int defaultHeight,
            int defaultFrames,
            List<List<Integer>> resolutions,
            List<Integer> frames,
            int maxFrames,
            int maxSteps) {

        public boolean supportsResolution(int width, int height) {
            return resolutions.stream().anyMatch(r -> r.get(0) == width && r.get(1) == height);
        }
    }
}
