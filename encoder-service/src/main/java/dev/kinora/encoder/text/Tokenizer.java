package dev.kinora.encoder.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The bundle's {@code tokenizer.json} through HuggingFace's tokenizers library; refuses over-long text. */
public final class Tokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    public Tokenizer(byte[] tokenizerJson, int maxTokens) {
        this.maxTokens = maxTokens;
        try {
            // No truncation: a prompt cut short would silently lose words, so it fails instead.
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer.json", e);
        }
    }

    public TokenizedText tokenize(String text) {
        Encoding encoding = tokenizer.encode(text == null ? "" : text);
        long[] ids = encoding.getIds();
        if (ids.length > maxTokens) {
            throw new PromptTooLongException(ids.length, maxTokens);
        }
        return new TokenizedText(ids, encoding.getTypeIds());
    }

    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
