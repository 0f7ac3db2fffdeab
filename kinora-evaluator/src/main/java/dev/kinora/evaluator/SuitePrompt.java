package dev.kinora.evaluator;

/**
 * One prompt of the suite: the text sent to Kinora, the world labels it asks for, whether it is
 * a paraphrase (wording training never used), and the generation parameters that make it repeatable.
 */
public record SuitePrompt(String id, String prompt, Expected expected, boolean paraphrase, int width, int height,
        int frames, long seed) {

    /** The world labels a prompt asks for. */
    public record Expected(String color, String shape, String motion, String background) {}
}
