package dev.kinora.encoder.media;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.LatentSpace;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import dev.kinora.model.OnnxModel;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundle's VAE encoder: RGB frames in [-1, 1] (an image is one frame; a video 1 + 4k) become
 * latents in the transformer's normalized space, the frames a job is given to animate, extend or
 * connect. Refuses a bundle without an encoder graph with a message that says so.
 */
public final class VaeEncoder implements AutoCloseable {

    private final OnnxModel model;
    private final ModelManifest.VaeEncoder spec;
    private final LatentSpace latentSpace;

    public VaeEncoder(ModelBundle bundle, InferenceDevice device, CpuThreads threads) {
        ModelManifest manifest = bundle.manifest();
        if (manifest.vaeEncoder() == null) {
            throw new IllegalStateException("model bundle " + manifest.version() + " has no VAE encoder: image and video "
                    + "prompts need a bundle exported with one");
        }
        this.spec = manifest.vaeEncoder();
        this.latentSpace = LatentSpace.of(manifest.vaeDecoder());
        this.model = OnnxModel.open("vae-encoder", bundle.load(spec.file(), spec.sha256()), device, threads);
        model.requireInputs(List.of(spec.input()));
        model.requireOutputs(List.of(spec.output()));
    }

    public ModelManifest.VaeEncoder spec() {
        return spec;
    }

    /** Encodes frames [1, 3, F, H, W] (F = 1 + 4k; H and W multiples of the spatial compression). */
    public EncodedLatents encode(float[] frames, long[] shape) {
        int f = (int) shape[2];
        if (shape[0] != 1 || shape[1] != 3 || (f - 1) % spec.temporalCompression() != 0
                || shape[3] % spec.spatialCompression() != 0 || shape[4] % spec.spatialCompression() != 0) {
            throw new IllegalArgumentException("frames of shape " + Arrays.toString(shape) + " cannot be encoded: one "
                    + "clip of 1 + " + spec.temporalCompression() + "k RGB frames, sides multiples of "
                    + spec.spatialCompression());
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(frames), shape);
                OrtSession.Result result = model.session().run(Map.of(spec.input(), in), Set.of(spec.output()))) {
            OnnxTensor out = (OnnxTensor) result.get(spec.output()).orElseThrow();
            FloatBuffer buf = out.getFloatBuffer();
            float[] raw = new float[buf.remaining()];
            buf.get(raw);
            return new EncodedLatents(latentSpace.normalize(raw), out.getInfo().getShape());
        } catch (OrtException e) {
            throw new IllegalStateException("vae encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** Normalized latents [1, C, T, H/s, W/s]. */
    public record EncodedLatents(float[] values, long[] shape) {}
}
