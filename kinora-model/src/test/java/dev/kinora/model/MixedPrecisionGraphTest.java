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


    @Test
    void theFloat16TransformerPredictsWhatTheFloat32OneDoesWithinHalfPrecision() throws Exception {
        byte[] fp32 = Files.readAllBytes(TransformerProbe.TRANSFORMER);
        MixedPrecisionGraph.Result half = MixedPrecisionGraph.convert(fp32);
        assertTrue(half.halvedWeights() > 50, "the transformer's projection weights go to float16: " + half.halvedWeights());
        assertTrue(half.graph().length < 0.6 * fp32.length,
                "weights at 2 bytes: " + half.graph().length + " vs " + fp32.length + " bytes");

        float[] a = TransformerProbe.predict(fp32);
        float[] b = TransformerProbe.predict(half.graph());
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
}
