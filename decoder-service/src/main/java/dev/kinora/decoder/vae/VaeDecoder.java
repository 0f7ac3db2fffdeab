package dev.kinora.decoder.vae;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundle's video VAE decoder: latents in the model's normalized space become RGB frames in
 * [-1, 1]. The per-channel mean and std from the manifest undo the normalization first.
 */
public final class VaeDecoder implements AutoCloseable {

    private final OnnxModel model;
    private final ModelManifest.VaeDecoder spec;
    private final LatentSpace latentSpace;

    public VaeDecoder(ModelBundle bundle, InferenceDevice device, CpuThreads threads) {
        this.spec = bundle.manifest().vaeDecoder();
        this.model = OnnxModel.open("vae-decoder", bundle.load(spec.file(), spec.sha256()), device, threads);
        model.requireInputs(List.of(spec.input()));
        model.requireOutputs(List.of(spec.output()));
        this.latentSpace = LatentSpace.of(spec);
    }

    /** Decodes one tiny latent so the first job does not pay for ONNX Runtime's lazy initialisation. */
    public void warmUp() {
        decode(new float[spec.latentChannels()], new long[] {1, spec.latentChannels(), 1, 1, 1});
    }

    public ModelManifest.VaeDecoder spec() {
        return spec;
    }

    /** Decodes normalized latents [1, C, T, H, W] into frames. */
    public DecodedFrames decode(float[] normalized, long[] shape) {
        int c = (int) shape[1];
        if (shape[0] != 1 || c != spec.latentChannels()) {
            throw new IllegalArgumentException("latents of shape " + java.util.Arrays.toString(shape)
                    + " do not match the decoder's " + spec.latentChannels() + " channels");
        }
        float[] z = latentSpace.denormalize(normalized);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), shape);
                OrtSession.Result result = model.session().run(Map.of(spec.input(), in), Set.of(spec.output()))) {
            OnnxTensor out = (OnnxTensor) result.get(spec.output()).orElseThrow();
            long[] s = out.getInfo().getShape();
            FloatBuffer buf = out.getFloatBuffer();
            float[] pixels = new float[buf.remaining()];
            buf.get(pixels);
            return new DecodedFrames((int) s[2], (int) s[3], (int) s[4], pixels);
        } catch (OrtException e) {
            throw new IllegalStateException("vae decoder failed: " + e.getMessage(), e);
        }
    }

    public String provider() {
        return model.provider();
    }

    @Override
    public void close() {
        model.close();
    }
}
