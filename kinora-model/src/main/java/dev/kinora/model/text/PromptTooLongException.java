package dev.kinora.model.text;

/** The prompt has more tokens than the text encoder accepts; retrying cannot help. */
public final class PromptTooLongException extends RuntimeException {
    public PromptTooLongException(int tokens, int maxTokens) {
        super("prompt has " + tokens + " tokens; the model accepts at most " + maxTokens);
    }
}
