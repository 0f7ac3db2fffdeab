package dev.kinora.events.contract;

/** The pipeline's stages, in order; names appear in progress events and timings. */
public enum Stage {
    ENCODE("encode"),
    DENOISE("denoise"),
    DECODE("decode"),
    STORE("store");

    private final String key;

    Stage(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
