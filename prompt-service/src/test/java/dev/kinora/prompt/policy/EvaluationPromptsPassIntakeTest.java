package dev.kinora.prompt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.events.EventJson;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.text.Tokenizer;
import dev.kinora.testkit.Bundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's prompt suites (kinora-evaluator) describe the model's own world: intake must
 * let every one of them through, or the quality gate would measure refusals instead of videos.
 */
class EvaluationPromptsPassIntakeTest {

    @Test
    void everySuitePromptFitsTheWindowAndPassesThePolicy() throws Exception {
        Path bundle = Bundles.defaultBundle();
        Path suites = bundle.getParent().getParent().resolve("kinora-evaluator/src/main/resources");
        List<String> prompts = new ArrayList<>();
        for (String suite : List.of("prompt-suite.json", "prompt-suite-unseen-colors.json")) {
            for (JsonNode p : EventJson.mapper().readTree(Files.readAllBytes(suites.resolve(suite))).path("prompts")) {
                prompts.add(p.path("prompt").asText());
            }
        }
        assertEquals(96, prompts.size(), "both suites read");
        ContentPolicy policy = new BlockedTermsPolicy(BlockedTerms.builtIn());
        try (Tokenizer tokenizer = Tokenizer.of(ModelBundle.open(bundle))) {
            for (String prompt : prompts) {
                assertTrue(!prompt.isBlank() && tokenizer.count(prompt) <= tokenizer.maxTokens(), "fits: " + prompt);
                assertTrue(!policy.check(prompt).blocked(), "allowed: " + prompt + " " + policy.check(prompt));
            }
        }
    }
}
