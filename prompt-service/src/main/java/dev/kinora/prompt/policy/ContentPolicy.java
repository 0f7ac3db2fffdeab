package dev.kinora.prompt.policy;

/**
 * Decides whether a prompt may be generated. Implementations see the prompt the encoder will
 * see, so a policy also covers a rewritten prompt when the gate runs after the rewrite.
 */
public interface ContentPolicy {

    PolicyVerdict check(String prompt);
}
