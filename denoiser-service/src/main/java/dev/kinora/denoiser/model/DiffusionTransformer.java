package dev.kinora.denoiser.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.GraphPrecision;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.MixedPrecisionGraph;
import dev.kinora.model.ModelManifest;
import dev.kinora.model.OnnxModel;
import dev.kinora.model.QuantizedGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The bundle's diffusion transformer: predicts the flow velocity of a batch of latents at given
 * noise levels, conditioned on text hidden states under their mask. Input names come from the
 * manifest; the mask's element type is read from the graph. One call at a time: the output
 * tensor is kept from call to call.
 */
public final class DiffusionTransformer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiffusionTransformer.class);

    private final OnnxModel model;
    private final ModelManifest.Transformer spec;
    private final String latentsName;
    private final String timestepName;
    private final String hiddenName;
    private final String maskName;
    private final OnnxJavaType maskType;
    private final boolean half;
    // Pinned output, reused while the batch shape stays the same (every step of a steady batch).
    private OnnxTensor outputTensor;
    private FloatBuffer outputBuffer;
    private long[] outputShape;

    public DiffusionTransformer(ModelBundle bundle, InferenceDevice device, CpuThreads threads) {
        this(bundle, device, threads, GraphPrecision.FP32);
    }

    public DiffusionTransformer(ModelBundle bundle, InferenceDevice device, CpuThreads threads, GraphPrecision precision) {
        this.spec = bundle.manifest().transformer();
        byte[] graph = bundle.load(spec.file(), spec.sha256());
        this.half = precision.halfOn(device);
        if (half) {
            MixedPrecisionGraph.Result converted = MixedPrecisionGraph.convert(graph);
            LOG.infof("transformer: %d matrix products and %d weight tensors in float16", converted.halvedNodes(),
                    converted.halvedWeights());
            graph = converted.graph();
        } else if (precision == GraphPrecision.INT8) {
            QuantizedGraph.Result converted = QuantizedGraph.convert(graph);
            LOG.infof("transformer: %d matrix products with %d weights in int8", converted.quantizedProducts(),
                    converted.quantizedWeights());
            graph = converted.graph();
        }
        this.model = OnnxModel.open("transformer", graph, device, threads);
        Map<String, String> inputs = spec.inputs();
        this.latentsName = inputs.get("latents");
        this.timestepName = inputs.get("timestep");
        this.hiddenName = inputs.get("encoderHiddenStates");
        this.maskName = inputs.get("encoderAttentionMask");
        model.requireInputs(java.util.List.of(latentsName, timestepName, hiddenName, maskName));
        model.requireOutputs(java.util.List.of(spec.output()));
        NodeInfo maskInfo = model.inputInfo().get(maskName);
        this.maskType = ((TensorInfo) maskInfo.getInfo()).type;
    }

    /**
     * One tiny forward pass (a single latent patch, a two-token text) so the first job does not
     * pay for ONNX Runtime's lazy initialisation.
     */
    public void warmUp(int hiddenSize) {
        int c = spec.latentChannels();
        int p = spec.patchSize().get(1);
        int q = spec.patchSize().get(2);
        float[] out = new float[c * p * q];
        predict(FloatBuffer.wrap(new float[c * p * q]), new long[] {1, c, 1, p, q}, new float[] {1f},
                FloatBuffer.wrap(new float[2 * hiddenSize]), new long[] {1, 2, hiddenSize}, new long[] {1, 1}, out);
    }

    public ModelManifest.Transformer spec() {
        return spec;
    }

    public String provider() {
        return model.provider();
    }

    /** Whether the matrix products run in float16 (the graph derived by MixedPrecisionGraph). */
    public boolean halfPrecision() {
        return half;
    }

    /**
     * One forward pass. {@code latents} is [B, C, T, H, W], {@code sigmas} one noise level per
     * sample (scaled to the graph's timestep units here), {@code hidden} [B, L, D], {@code mask}
     * [B, L]. Writes the velocity into {@code out}, which has the latents' size.
     */
    public void predict(FloatBuffer latents, long[] latentShape, float[] sigmas, FloatBuffer hidden, long[] hiddenShape,
            long[] mask, float[] out) {
        predict(latents, latentShape, sigmas, null, hidden, hiddenShape, mask, out);
    }

    /**
     * One forward pass where some latent frames may be given clean: {@code cleanFrames[b][t]} marks
     * frame t of sample b as known, at noise level 0 (null: none is). Only a graph with a per-frame
     * timestep can be told so; for one with a per-sample timestep, known frames are the sampler's
     * business (replacing them at every step).
     */
    public synchronized void predict(FloatBuffer latents, long[] latentShape, float[] sigmas, boolean[][] cleanFrames,
            FloatBuffer hidden, long[] hiddenShape, long[] mask, float[] out) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] timesteps = timesteps(sigmas, cleanFrames, (int) latentShape[2]);
        long[] timestepShape = spec.perFrameTimestep() ? new long[] {sigmas.length, latentShape[2]}
                : new long[] {sigmas.length};
        long[] maskShape = {hiddenShape[0], hiddenShape[1]};
        try (OnnxTensor x = OnnxTensor.createTensor(env, latents, latentShape);
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(timesteps), timestepShape);
                OnnxTensor h = OnnxTensor.createTensor(env, hidden, hiddenShape);
                OnnxTensor m = maskTensor(env, mask, maskShape)) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put(latentsName, x);
            feed.put(timestepName, t);
            feed.put(hiddenName, h);
            feed.put(maskName, m);
            if (out.length != elements(latentShape)) {
                throw new IllegalArgumentException("output holds " + out.length + " values, latents " + elements(latentShape));
            }
            // ONNX Runtime writes the velocity straight into the pinned buffer: no output
            // allocation per step. The result does not own a pinned output, so it stays open.
            OnnxTensor pinned = output(env, latentShape);
            try (OrtSession.Result result = model.session().run(feed, Map.of(spec.output(), pinned))) {
                outputBuffer.rewind();
                outputBuffer.get(out);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("transformer forward pass failed: " + e.getMessage(), e);
        }
    }

    /** The graph's timestep input in its units: [B], or [B, T] with 0 for each frame given clean. */
    private float[] timesteps(float[] sigmas, boolean[][] cleanFrames, int frames) {
        if (!spec.perFrameTimestep()) {
            if (cleanFrames != null) {
                throw new IllegalArgumentException("this transformer takes one noise level per sample; frames given "
                        + "clean must be replaced by the sampler instead");
            }
            float[] t = new float[sigmas.length];
            for (int b = 0; b < sigmas.length; b++) {
                t[b] = (float) (sigmas[b] * spec.timestepScale());
            }
            return t;
        }
        float[] t = new float[sigmas.length * frames];
        for (int b = 0; b < sigmas.length; b++) {
            float level = (float) (sigmas[b] * spec.timestepScale());
            for (int f = 0; f < frames; f++) {
                boolean clean = cleanFrames != null && cleanFrames[b] != null && cleanFrames[b][f];
                t[b * frames + f] = clean ? 0f : level;
            }
        }
        return t;
    }

    /** The output tensor for this shape, allocated again only when the shape changes. */
    private OnnxTensor output(OrtEnvironment env, long[] shape) throws OrtException {
        if (outputTensor == null || !Arrays.equals(shape, outputShape)) {
            closeOutput();
            outputBuffer = ByteBuffer.allocateDirect(Math.toIntExact(elements(shape) * Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            outputTensor = OnnxTensor.createTensor(env, outputBuffer, shape);
            outputShape = shape.clone();
        }
        return outputTensor;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private void closeOutput() {
        if (outputTensor != null) {
            outputTensor.close();
            outputTensor = null;
        }
    }

    private OnnxTensor maskTensor(OrtEnvironment env, long[] mask, long[] shape) throws OrtException {
        return switch (maskType) {
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
            case FLOAT -> {
                float[] f = new float[mask.length];
                for (int i = 0; i < mask.length; i++) {
                    f[i] = mask[i];
                }
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(mask.length).order(ByteOrder.nativeOrder());
                for (long v : mask) {
                    b.put((byte) (v != 0 ? 1 : 0));
                }
                b.flip();
                yield OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
            }
            default -> throw new IllegalStateException("attention mask of type " + maskType + " is not supported");
        };
    }

    @Override
    public synchronized void close() {
        closeOutput();
        model.close();
    }
}
