package dev.kinora.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelBundle;
import dev.kinora.prompt.intake.JobIds;
import dev.kinora.prompt.intake.PromptTokenLimit;
import dev.kinora.prompt.intake.RequestParser;
import dev.kinora.prompt.intake.RequestRejected;
import dev.kinora.prompt.intake.RequestValidator;
import dev.kinora.testkit.Bundles;
import org.junit.jupiter.api.Test;

/** The token window is the bundle's: 32 tokens, [CLS] and [SEP] included, counted by its tokenizer. */
class PromptTokenLimitTest {

    static final ModelBundle BUNDLE = ModelBundle.open(Bundles.defaultBundle());
    static final PromptTokenLimit LIMIT = new PromptTokenLimit(BUNDLE);

    static JobSpec job(String prompt, String negative) {
        String json = "{\"prompt\":\"" + prompt + "\"" + (negative == null ? "" : ",\"negativePrompt\":\"" + negative + "\"") + "}";
        return new RequestValidator(BUNDLE).validate(RequestParser.parse(json.getBytes()), JobIds.next(), "r");
    }

    @Test
    void aPromptThatFillsTheWindowExactlyPasses() {
        assertEquals(32, BUNDLE.manifest().textEncoder().maxTokens());
        LIMIT.check(job("red ".repeat(30).strip(), null)); // 30 words + [CLS] + [SEP] = 32
    }

    @Test
    void oneTokenMoreIsRejectedWithItsCount() {
        RequestRejected e = assertThrows(RequestRejected.class, () -> LIMIT.check(job("red ".repeat(31).strip(), null)));
        assertEquals(ReasonCode.PROMPT_TOO_LONG, e.reason());
        assertEquals("prompt", e.fields().get(0).field());
        assertTrue(e.getMessage().contains("33 tokens"), e.getMessage());
    }

    @Test
    void countsTokensNotWords() {
        // 16 words, but "antidisestablishmentarianism" alone is several word pieces.
        String prompt = "antidisestablishmentarianism ".repeat(8) + "a red circle moving right on black";
        assertTrue(prompt.split(" ").length < 32);
        assertEquals(ReasonCode.PROMPT_TOO_LONG, assertThrows(RequestRejected.class, () -> LIMIT.check(job(prompt, null))).reason());
    }

    @Test
    void theNegativePromptHasTheSameWindow() {
        RequestRejected e = assertThrows(RequestRejected.class,
                () -> LIMIT.check(job("a red circle", "blurry ".repeat(40).strip())));
        assertEquals("negativePrompt", e.fields().get(0).field());
    }
}
