package dev.kinora.model.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The bundle's {@code tokenizer.json} through HuggingFace's tokenizers library; refuses over-long
 * text. Shared by the encoder (which embeds the tokens) and intake (which counts them, so that a
 * prompt the encoder would refuse is refused before it becomes a job).
 */
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

    /** The tokenizer and token window the bundle's text encoder was built with (checked by sha256). */
    public static Tokenizer of(ModelBundle bundle) {
        ModelManifest.TextEncoder spec = bundle.manifest().textEncoder();
        return new Tokenizer(bundle.load(spec.tokenizer(), spec.tokenizerSha256()), spec.maxTokens());
    }

    public TokenizedText tokenize(String text) {
        TokenizedText tokens = encode(text);
        if (tokens.length() > maxTokens) {
            throw new PromptTooLongException(tokens.length(), maxTokens);
        }
        return tokens;
    }

    /** Tokens the encoder would see for the text, special tokens included; never throws for length. */
    public int count(String text) {
        return encode(text).length();
    }

    public int maxTokens() {
        return maxTokens;
    }

    private TokenizedText encode(String text) {
        Encoding encoding = tokenizer.encode(text == null ? "" : text);
        return new TokenizedText(encoding.getIds(), encoding.getTypeIds());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
