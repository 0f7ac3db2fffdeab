package dev.kinora.evaluator;

/**
 * One classifier's answer: the predicted world label ({@link #NONE} when nothing fits), a
 * confidence in [0, 1], and the raw quantity it was decided on, so a report can explain itself.
 */
public record Measurement(String label, double confidence, String evidence) {

    public static final String NONE = "none";

    public static Measurement none(String why) {
        return new Measurement(NONE, 0.0, why);
    }

    public boolean matches(String expected) {
        return label.equals(expected);
    }

    /** 1 − nearest/second-nearest distance: 0 when two labels fit equally, 1 for an exact hit. */
    static double separation(double nearest, double second) {
        if (second <= 0) {
            return 0.0;
        }
        return clamp01(1.0 - nearest / second);
    }

    static double clamp01(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
