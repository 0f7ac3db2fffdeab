package dev.kinora.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How ONNX Runtime's CUDA execution provider runs a graph, as ONNX Runtime's own option strings.
 * The defaults suit a diffusion loop: the same shapes run every step, so an exhaustive cuDNN
 * search pays for itself after the first call; the arena grows by what is asked for rather than
 * to the next power of two, so replicas that share a GPU do not reserve twice what they use.
 *
 * @param arenaExtend         how the device memory arena grows
 * @param memoryLimitBytes    cap on the arena (0 = no cap), for replicas that share one GPU
 * @param convAlgoSearch      how cuDNN picks a convolution algorithm
 * @param copyInDefaultStream copy inputs and outputs on the compute stream (ONNX Runtime's default
 *                            and the safe choice); false gives copies a stream of their own
 * @param tf32                allow TF32 math in matrix products (faster on Ampere and later, ~1e-3
 *                            relative error)
 */
public record CudaOptions(ArenaExtend arenaExtend, long memoryLimitBytes, ConvAlgoSearch convAlgoSearch,
        boolean copyInDefaultStream, boolean tf32) {

    public enum ArenaExtend { NEXT_POWER_OF_TWO, SAME_AS_REQUESTED }

    public enum ConvAlgoSearch { EXHAUSTIVE, HEURISTIC, DEFAULT }

    public CudaOptions {
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("CUDA memory limit must be 0 (none) or positive: " + memoryLimitBytes);
        }
    }

    public static CudaOptions defaults() {
        return new CudaOptions(ArenaExtend.SAME_AS_REQUESTED, 0, ConvAlgoSearch.EXHAUSTIVE, true, false);
    }

    /** Reads the config spellings: {@code same-as-requested}, {@code next-power-of-two}; {@code exhaustive} ... */
    public static CudaOptions parse(String arenaExtend, long memoryLimitBytes, String convAlgoSearch,
            boolean copyInDefaultStream, boolean tf32) {
        return new CudaOptions(constant(ArenaExtend.class, arenaExtend, "arena extend strategy"), memoryLimitBytes,
                constant(ConvAlgoSearch.class, convAlgoSearch, "cuDNN convolution search"), copyInDefaultStream, tf32);
    }

    /** The provider options for device {@code deviceId}, keyed as ONNX Runtime names them. */
    public Map<String, String> providerOptions(int deviceId) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("device_id", Integer.toString(deviceId));
        o.put("arena_extend_strategy", arenaExtend == ArenaExtend.SAME_AS_REQUESTED ? "kSameAsRequested" : "kNextPowerOfTwo");
        if (memoryLimitBytes > 0) {
            o.put("gpu_mem_limit", Long.toString(memoryLimitBytes));
        }
        o.put("cudnn_conv_algo_search", convAlgoSearch.name());
        o.put("do_copy_in_default_stream", copyInDefaultStream ? "1" : "0");
        o.put("use_tf32", tf32 ? "1" : "0");
        return o;
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text, String what) {
        String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }
}
