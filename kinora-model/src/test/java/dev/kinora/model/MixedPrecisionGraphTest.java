package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixedPrecisionGraphTest {

    private static final Path TRANSFORMER = Path.of("../models/tiny-shapes/transformer.onnx"); // module dir = cwd

    @Test
    void theFloat16TransformerPredictsWhatTheFloat32OneDoesWithinHalfPrecision() throws Exception {
        byte[] fp32 = Files.readAllBytes(TRANSFORMER);
        MixedPrecisionGraph.Result half = MixedPrecisionGraph.convert(fp32);
        assertTrue(half.halvedWeights() > 50, "the transformer's projection weights go to float16: " + half.halvedWeights());
        assertTrue(half.graph().length < 0.6 * fp32.length,
                "weights at 2 bytes: " + half.graph().length + " vs " + fp32.length + " bytes");

        float[] a = predict(fp32);
        float[] b = predict(half.graph());
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[i]));
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxAbs > 0.05, "a prediction to compare: max |v| " + maxAbs);
        assertTrue(maxDiff > 0, "the float16 graph really computes in half precision");
        assertTrue(maxDiff < 5e-3 * Math.max(1, maxAbs), "max |fp16 - fp32| " + maxDiff + " of max |v| " + maxAbs);
    }

    @Test
    void autoPrecisionMeansHalfOnlyOnAConfiguredCudaDevice() {
        assertTrue(GraphPrecision.parse("auto").halfOn(InferenceDevice.parse("cuda:1")));
        assertTrue(!GraphPrecision.AUTO.halfOn(InferenceDevice.parse("cpu")));
        assertTrue(!GraphPrecision.AUTO.halfOn(InferenceDevice.parse("auto")), "auto may land on CPU");
        assertTrue(GraphPrecision.parse(" FP16 ").halfOn(InferenceDevice.parse("cpu")));
        assertTrue(!GraphPrecision.FP32.halfOn(InferenceDevice.parse("cuda:0")));
        assertThrows(IllegalArgumentException.class, () -> GraphPrecision.parse("bf16"));
    }

    @Test
    void bytesThatAreNoOnnxModelAreRefused() {
        BundleException e = assertThrows(BundleException.class,
                () -> MixedPrecisionGraph.convert(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
        assertTrue(e.getMessage().contains("ONNX"), e.getMessage());
    }

    /** One forward pass on fixed random inputs: 2 samples, 8x3x4x6 latents, 5 text tokens (last masked). */
    private static float[] predict(byte[] graph) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Random r = new Random(7);
        long[] latentShape = {2, 8, 3, 4, 6};
        float[] x = new float[2 * 8 * 3 * 4 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] hidden = new float[2 * 5 * 384];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) (0.2 * r.nextGaussian());
        }
        long[] mask = new long[2 * 5];
        Arrays.fill(mask, 1);
        mask[9] = 0;
        try (OrtSession s = env.createSession(graph, new OrtSession.SessionOptions());
                OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), latentShape);
                OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {900f, 150f}), new long[] {2});
                OnnxTensor th = OnnxTensor.createTensor(env, FloatBuffer.wrap(hidden), new long[] {2, 5, 384});
                OnnxTensor tm = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {2, 5});
                OrtSession.Result res = s.run(Map.of("latents", tx, "timestep", tt, "encoder_hidden_states", th,
                        "encoder_attention_mask", tm))) {
            FloatBuffer v = ((OnnxTensor) res.get(0)).getFloatBuffer();
            float[] out = new float[v.remaining()];
            v.get(out);
            assertEquals(x.length, out.length);
            return out;
        }
    }
}
