package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class QuantizedGraphTest {

    @Test
    void theInt8TransformerPredictsWhatTheFloat32OneDoesWithinQuantizationError() throws Exception {
        byte[] fp32 = Files.readAllBytes(TransformerProbe.TRANSFORMER);
        QuantizedGraph.Result int8 = QuantizedGraph.convert(fp32);
        // 6 blocks x (qkv, proj, q_x, kv_x, proj_x, 2 MLP) and the text projections: every weight product.
        assertTrue(int8.quantizedProducts() >= 42, "weight products in int8: " + int8.quantizedProducts());
        // The MatMul weights at 1 byte; the adaLN layers (Gemm on the per-sample conditioning) stay float32.
        assertTrue(int8.graph().length < 0.6 * fp32.length,
                "int8 weights: " + int8.graph().length + " vs " + fp32.length + " bytes");

        float[] a = TransformerProbe.predict(fp32);
        float[] b = TransformerProbe.predict(int8.graph());
        double sq = 0;
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            sq += (double) a[i] * a[i];
            err += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        double relative = Math.sqrt(err / sq);
        System.out.printf("int8 transformer: %d products, %d weights, relative error %.4f%n",
                int8.quantizedProducts(), int8.quantizedWeights(), relative);
        assertTrue(relative > 0, "the int8 graph really computes in integers");
        assertTrue(relative < 0.05, "relative error of the int8 prediction " + relative);
    }

    @Test
    void int8IsAPrecisionOfItsOwn() {
        assertEquals(GraphPrecision.INT8, GraphPrecision.parse("int8"));
        assertTrue(!GraphPrecision.INT8.halfOn(InferenceDevice.parse("cuda:0")));
    }

    @Test
    void bytesThatAreNoOnnxModelAreRefused() {
        assertThrows(BundleException.class, () -> QuantizedGraph.convert(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
    }
}
