package dev.kinora.encoder.text;

import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Embeds a file of captions (one per line; an empty line is the empty prompt) with exactly the
 * encoder the service runs, for model training: {@code hidden_states} F16 [N, L, D] and
 * {@code attention_mask} U8 [N, L], L being the longest caption's token count.
 *
 * <p>Usage: {@code EmbedCaptions BUNDLE_DIR CAPTIONS.txt OUT.safetensors}
 */
public final class EmbedCaptions {

    private static final int BATCH = 64;

    private EmbedCaptions() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EmbedCaptions BUNDLE_DIR CAPTIONS.txt OUT.safetensors");
            System.exit(2);
        }
        ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
        List<String> captions = Files.readAllLines(Path.of(args[1]));
        try (TextEncoder encoder = new TextEncoder(bundle, InferenceDevice.parse("cpu"), CpuThreads.of(0))) {
            int n = captions.size();
            int length = captions.stream().mapToInt(c -> encoder.tokenizer().tokenize(c).length()).max().orElse(0);
            int d = bundle.manifest().textEncoder().hiddenSize();
            float[] hidden = new float[n * length * d];
            byte[] mask = new byte[n * length];
            for (int start = 0; start < n; start += BATCH) {
                List<String> batch = captions.subList(start, Math.min(n, start + BATCH));
                TextEmbedding e = encoder.encode(batch);
                for (int b = 0; b < e.count(); b++) {
                    int row = start + b;
                    System.arraycopy(e.hidden(), b * e.tokens() * d, hidden, row * length * d, e.tokens() * d);
                    for (int i = 0; i < e.tokens(); i++) {
                        mask[row * length + i] = (byte) e.mask()[b * e.tokens() + i];
                    }
                }
                if ((start / BATCH) % 20 == 0) {
                    System.err.printf("embedded %d / %d captions%n", Math.min(n, start + BATCH), n);
                }
            }
            TensorFile out = new TensorFile(
                    Map.of("hidden_states", Tensor.f16(new long[] {n, length, d}, hidden),
                            "attention_mask", Tensor.u8(new long[] {n, length}, mask)),
                    Map.of("count", Integer.toString(n), "encoder", bundle.manifest().textEncoder().file()));
            Files.write(Path.of(args[2]), SafeTensors.write(out));
            System.err.printf("wrote %s: %d captions x %d tokens x %d%n", args[2], n, length, d);
        }
    }
}
