package dev.kinora.encoder.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import dev.kinora.model.OnnxModel;
import dev.kinora.model.text.TokenizedText;
import dev.kinora.model.text.Tokenizer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's text encoder (all-MiniLM-L6-v2 by default): text in, per-token hidden states out.
 * Graph input and output names come from the manifest, and are checked against the graph.
 */
public final class TextEncoder implements AutoCloseable {

    private final Tokenizer tokenizer;
    private final OnnxModel model;
    private final ModelManifest.TextEncoder spec;

    public TextEncoder(ModelBundle bundle, InferenceDevice device, CpuThreads threads) {
        this.spec = bundle.manifest().textEncoder();
        this.tokenizer = Tokenizer.of(bundle);
        this.model = OnnxModel.open("text-encoder", bundle.load(spec.file(), spec.sha256()), device, threads);
        model.requireInputs(spec.inputs().values());
        model.requireOutputs(List.of(spec.output()));
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public String provider() {
        return model.provider();
    }

    /** Encodes the texts as one batch, padded to the longest. */
    public TextEmbedding encode(List<String> texts) {
        List<TokenizedText> tokenized = texts.stream().map(tokenizer::tokenize).toList();
        int count = tokenized.size();
        int length = tokenized.stream().mapToInt(TokenizedText::length).max().orElse(0);
        long[] ids = new long[count * length];
        long[] types = new long[count * length];
        long[] mask = new long[count * length];
        for (int b = 0; b < count; b++) {
            TokenizedText t = tokenized.get(b);
            System.arraycopy(t.ids(), 0, ids, b * length, t.length());
            System.arraycopy(t.typeIds(), 0, types, b * length, t.length());
            for (int i = 0; i < t.length(); i++) {
                mask[b * length + i] = 1;
            }
        }
        float[] hidden = run(ids, types, mask, count, length);
        int d = spec.hiddenSize();
        for (int p = 0; p < count * length; p++) {
            if (mask[p] == 0) {
                java.util.Arrays.fill(hidden, p * d, (p + 1) * d, 0f);
            }
        }
        return new TextEmbedding(count, length, d, hidden, mask);
    }

    private float[] run(long[] ids, long[] types, long[] mask, int count, int length) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {count, length};
        Map<String, String> names = spec.inputs();
        try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor typesT = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(names.get("inputIds"), idsT);
            inputs.put(names.get("attentionMask"), maskT);
            if (names.containsKey("tokenTypeIds")) {
                inputs.put(names.get("tokenTypeIds"), typesT);
            }
            try (OrtSession.Result result = model.session().run(inputs, java.util.Set.of(spec.output()))) {
                OnnxTensor out = (OnnxTensor) result.get(spec.output()).orElseThrow();
                long[] outShape = out.getInfo().getShape();
                if (outShape.length != 3 || outShape[2] != spec.hiddenSize()) {
                    throw new IllegalStateException("text encoder output has shape " + java.util.Arrays.toString(outShape)
                            + ", expected [B, L, " + spec.hiddenSize() + "]");
                }
                FloatBuffer buf = out.getFloatBuffer();
                float[] hidden = new float[buf.remaining()];
                buf.get(hidden);
                return hidden;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("text encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
