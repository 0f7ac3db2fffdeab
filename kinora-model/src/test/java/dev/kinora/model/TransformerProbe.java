package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** The committed bundle's transformer, run on fixed inputs, for tests of graphs derived from it. */
final class TransformerProbe {

    static final Path TRANSFORMER = Path.of("../models/tiny-shapes/transformer.onnx"); // module dir = cwd

    private TransformerProbe() {}

    /** One forward pass on fixed random inputs: 2 samples, 8x3x4x6 latents, 5 text tokens (last masked). */
    static float[] predict(byte[] graph) throws Exception {
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
