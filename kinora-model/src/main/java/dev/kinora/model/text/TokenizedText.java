package dev.kinora.model.text;

/** Token ids of one text, with the special tokens the encoder expects. */
public record TokenizedText(long[] ids, long[] typeIds) {
    public int length() {
        return ids.length;
    }
}
