package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CudaOptionsTest {

    @Test
    void defaultsNameOnnxRuntimeOptionsForTheRequestedDevice() {
        Map<String, String> o = CudaOptions.defaults().providerOptions(2);
        assertEquals("2", o.get("device_id"));
        assertEquals("kSameAsRequested", o.get("arena_extend_strategy"));
        assertEquals("EXHAUSTIVE", o.get("cudnn_conv_algo_search"));
        assertEquals("1", o.get("do_copy_in_default_stream"));
        assertEquals("0", o.get("use_tf32"));
        assertFalse(o.containsKey("gpu_mem_limit"), "no cap unless one is configured");
    }

    @Test
    void configSpellingsMapToTheirOptions() {
        CudaOptions c = CudaOptions.parse("next-power-of-two", 8L << 30, "Heuristic", false, true);
        Map<String, String> o = c.providerOptions(0);
        assertEquals("kNextPowerOfTwo", o.get("arena_extend_strategy"));
        assertEquals(Long.toString(8L << 30), o.get("gpu_mem_limit"));
        assertEquals("HEURISTIC", o.get("cudnn_conv_algo_search"));
        assertEquals("0", o.get("do_copy_in_default_stream"));
        assertEquals("1", o.get("use_tf32"));
    }

    @Test
    void unknownValuesAreRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaOptions.parse("doubling", 0, "exhaustive", true, false));
        assertTrue(e.getMessage().contains("same-as-requested"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.parse("same-as-requested", 0, "fastest", true, false));
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.parse("same-as-requested", -1, "exhaustive", true, false));
    }

    @Test
    void cudaOnARuntimeWithoutItFallsBackToCpu() throws Exception {
        // The test classpath has ONNX Runtime's CPU build: asking for CUDA, options and all, must
        // still open the graph, on the CPU provider.
        byte[] graph = Files.readAllBytes(Path.of("../models/tiny-shapes/vae_decoder.onnx")); // module dir = cwd
        InferenceDevice cuda = InferenceDevice.parse("cuda:0")
                .withCuda(CudaOptions.parse("next-power-of-two", 1L << 30, "heuristic", false, true));
        try (OnnxModel m = OnnxModel.open("vae", graph, cuda, CpuThreads.of(1))) {
            assertEquals("CPU", m.provider());
        }
    }
}
