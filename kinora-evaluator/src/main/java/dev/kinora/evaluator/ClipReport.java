package dev.kinora.evaluator;

/**
 * The verdict on one clip: what the prompt asked for, what each classifier saw, and whether the
 * clip is consistent. {@link #matched()} is the strict gate: every label right and consistent.
 */
public record ClipReport(
        String id,
        String prompt,
        boolean paraphrase,
        String video,
        SuitePrompt.Expected expected,
        Measurement color,
        Measurement shape,
        Measurement motion,
        Measurement background,
        ConsistencyCheck.Result consistency,
        String error) {

    /** A clip that could not be evaluated at all (missing file, undecodable, generation failed). */
    public static ClipReport failed(SuitePrompt p, String video, String error) {
        Measurement none = Measurement.none(error);
        return new ClipReport(p.id(), p.prompt(), p.paraphrase(), video, p.expected(), none, none, none, none,
                new ConsistencyCheck.Result(0, 255, false), error);
    }

    public boolean colorMatches() {
        return color.matches(expected.color());
    }

    public boolean shapeMatches() {
        return shape.matches(expected.shape());
    }

    public boolean motionMatches() {
        return motion.matches(expected.motion());
    }

    public boolean backgroundMatches() {
        return background.matches(expected.background());
    }

    public boolean consistent() {
        return consistency.passed();
    }

    public boolean matched() {
        return colorMatches() && shapeMatches() && motionMatches() && backgroundMatches() && consistent();
    }
}
