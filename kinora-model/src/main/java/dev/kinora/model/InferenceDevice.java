package dev.kinora.model;

/**
 * Where a graph runs: {@code auto}, {@code cpu} or {@code cuda:N}, as operators write it in config,
 * and how the CUDA provider is set up when it is used.
 */
public record InferenceDevice(Kind kind, int index, CudaOptions cuda) {

    public enum Kind { AUTO, CPU, CUDA }

    public InferenceDevice(Kind kind, int index) {
        this(kind, index, CudaOptions.defaults());
    }

    public static InferenceDevice parse(String text) {
        String t = text == null ? "auto" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("auto")) {
            return new InferenceDevice(Kind.AUTO, 0);
        }
        if (t.equals("cpu")) {
            return new InferenceDevice(Kind.CPU, 0);
        }
        if (t.equals("cuda")) {
            return new InferenceDevice(Kind.CUDA, 0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return new InferenceDevice(Kind.CUDA, Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("inference device '" + text + "' is not one of auto, cpu, cuda:N");
    }

    public InferenceDevice withCuda(CudaOptions options) {
        return new InferenceDevice(kind, index, options);
    }
}
