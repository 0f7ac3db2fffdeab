package dev.kinora.prompt.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the default policy on the prompts in src/test/resources/policy/
 * (docs/safety.md quotes the figures this prints). Both sets include disguises and tricky
 * harmless wording; the misses and false alarms are printed so the list can be improved.
 */
class PolicyDatasetTest {

    /**
     * Thresholds: a harmless prompt refused costs a user a retry, a blocked prompt let through costs
     * a video that should not exist, so recall is held higher. Both sit a few points under what the
     * shipped list measures (docs/safety.md), so a list edit that loses ground fails here.
     */
    static final double MIN_RECALL = 0.95;
    static final double MIN_PRECISION = 0.95;

    @Test
    void theDefaultListBlocksTheBlockedSetAndPassesTheHarmlessOne() throws IOException {
        ContentPolicy policy = new BlockedTermsPolicy(BlockedTerms.builtIn());
        List<String> blocked = prompts("policy/blocked.txt");
        List<String> harmless = prompts("policy/harmless.txt");
        assertTrue(blocked.size() >= 60 && harmless.size() >= 60, "the sets hold at least 60 prompts each");

        List<String> missed = new ArrayList<>();
        for (String p : blocked) {
            if (!policy.check(p).blocked()) {
                missed.add(p);
            }
        }
        List<String> falseAlarms = new ArrayList<>();
        for (String p : harmless) {
            PolicyVerdict v = policy.check(p);
            if (v.blocked()) {
                falseAlarms.add(p + "  (rule " + v.rule() + ")");
            }
        }
        int truePositives = blocked.size() - missed.size();
        double recall = truePositives / (double) blocked.size();
        double precision = truePositives / (double) (truePositives + falseAlarms.size());
        System.out.printf("policy data set: %d blocked, %d harmless prompts; recall %.3f (%d/%d), precision %.3f"
                + " (%d false alarms)%n  missed: %s%n  false alarms: %s%n", blocked.size(), harmless.size(), recall,
                truePositives, blocked.size(), precision, falseAlarms.size(), missed, falseAlarms);
        assertTrue(recall >= MIN_RECALL, "recall " + recall + " < " + MIN_RECALL + "; missed: " + missed);
        assertTrue(precision >= MIN_PRECISION, "precision " + precision + " < " + MIN_PRECISION + "; false alarms: "
                + falseAlarms);
    }

    static List<String> prompts(String resource) throws IOException {
        try (InputStream in = PolicyDatasetTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
