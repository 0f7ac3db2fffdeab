import ai.onnxruntime.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

/**
 * Runs the exported graphs in ONNX Runtime (what the services use) on the torch reference cases from
 * `tools/kinora-model parity-cases` and prints the largest difference per case. Usage:
 * java -cp onnxruntime.jar OnnxParity.java BUNDLE_DIR CASES_DIR
 */
public class OnnxParity {
    record Arr(float[] data, long[] shape) {}

    static Arr load(Path dir, String name, String key, Map<String, long[]> shapes) throws Exception {
        byte[] b = Files.readAllBytes(dir.resolve(name + "." + key + ".bin"));
        FloatBuffer fb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[fb.remaining()];
        fb.get(f);
        return new Arr(f, shapes.get(name + " " + key));
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]), dir = Path.of(args[1]);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("cases.txt"))) {
            if (line.isBlank()) continue;
            String[] p = line.split(" ");
            shapes.put(p[0] + " " + p[1], Arrays.stream(p[2].split(",")).mapToLong(Long::parseLong).toArray());
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        boolean ok = true;
        try (OrtSession dit = env.createSession(bundle.resolve("transformer.onnx").toString(), new OrtSession.SessionOptions());
             OrtSession vae = env.createSession(bundle.resolve("vae_decoder.onnx").toString(), new OrtSession.SessionOptions())) {
            for (String name : new LinkedHashSet<>(shapes.keySet().stream().map(k -> k.split(" ")[0]).toList())) {
                Map<String, OnnxTensor> in = new HashMap<>();
                String outName;
                OrtSession s;
                if (name.startsWith("dit")) {
                    s = dit; outName = "prediction";
                    for (String k : List.of("latents", "timestep", "encoder_hidden_states")) {
                        Arr a = load(dir, name, k, shapes);
                        in.put(k, OnnxTensor.createTensor(env, FloatBuffer.wrap(a.data()), a.shape()));
                    }
                    Arr m = load(dir, name, "encoder_attention_mask", shapes);
                    long[] ml = new long[m.data().length];
                    for (int i = 0; i < ml.length; i++) ml[i] = (long) m.data()[i];
                    in.put("encoder_attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(ml), m.shape()));
                } else {
                    s = vae; outName = "frames";
                    Arr a = load(dir, name, "latents", shapes);
                    in.put("latents", OnnxTensor.createTensor(env, FloatBuffer.wrap(a.data()), a.shape()));
                }
                Arr want = load(dir, name, outName, shapes);
                try (OrtSession.Result r = s.run(in)) {
                    OnnxTensor t = (OnnxTensor) r.get(outName).get();
                    float[] got = new float[want.data().length];
                    t.getFloatBuffer().get(got);
                    double max = 0;
                    for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - want.data()[i]));
                    boolean shapeOk = Arrays.equals(t.getInfo().getShape(), want.shape());
                    ok &= shapeOk && max < 1e-3;
                    System.out.printf("%s shape %s %s max|diff| %.3g%n", name, Arrays.toString(t.getInfo().getShape()),
                            shapeOk ? "ok" : "MISMATCH", max);
                }
                in.values().forEach(OnnxTensor::close);
            }
        }
        System.out.println(ok ? "PARITY OK" : "PARITY FAILED");
        System.exit(ok ? 0 : 1);
    }
}
