package dev.kinora.prompt.policy;

/**
 * A policy's answer: allowed, or blocked by a source (which policy) for a category, naming the
 * rule that matched (a term or pattern from the list, or the moderation categories), never the prompt.
 */
public record PolicyVerdict(boolean blocked, String source, String category, String rule) {

    private static final PolicyVerdict ALLOWED = new PolicyVerdict(false, "none", "none", "none");

    public static PolicyVerdict allowed() {
        return ALLOWED;
    }

    public static PolicyVerdict blocked(String source, String category, String rule) {
        return new PolicyVerdict(true, source, category, rule);
    }
}
