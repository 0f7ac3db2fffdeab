package dev.kinora.encoder.text;

/**
 * Per-token hidden states of one or more texts, padded to a common length: {@code hidden} is
 * [count, tokens, hiddenSize] row-major, {@code mask} [count, tokens] with 1 for real tokens.
 * Padded positions hold zeros so that they carry nothing even where a consumer ignores the mask.
 */
public record TextEmbedding(int count, int tokens, int hiddenSize, float[] hidden, long[] mask) {}
