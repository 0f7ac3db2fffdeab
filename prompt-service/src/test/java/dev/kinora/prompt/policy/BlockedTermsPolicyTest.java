package dev.kinora.prompt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedTermsPolicyTest {

    static final ContentPolicy POLICY = new BlockedTermsPolicy(BlockedTerms.parse(List.of(
            "[violence]", "violence", "behead*", "dead body", "kill",
            "[custom]", "re:\\bshoot\\w* (the )?(people|person)\\b")));

    static boolean blocked(String prompt) {
        return POLICY.check(prompt).blocked();
    }

    @Test
    void undoesSimpleDisguises() {
        for (String p : List.of("violence", "VIOLENCE", "Víolénce", "v i o l e n c e", "v.i.o.l.e.n.c.e", "v_i-o l.e*n c e",
                "vi0lenc3", "v!olence", "vio lence", "v\u200biolence", "\uFF56\uFF49\uFF4F\uFF4C\uFF45\uFF4E\uFF43\uFF45",
                "\u0475i\u043elen\u0441e", "\u03bd\u03b9\u03bflence", "viiiolennnce", "violences")) {
            assertTrue(blocked("a scene of " + p + " tonight"), p);
        }
        assertTrue(blocked("a v.i.o.l.e.n.c.e scene"), "an article before a spelled-out word");
        assertTrue(blocked("k1ll them"), "1 reads as i");
        assertTrue(blocked("ki11 them"), "1 reads as l");
    }

    @Test
    void matchesWholeWordsOnlySoLongerWordsPass() {
        assertFalse(blocked("a skillful juggler"));
        assertFalse(blocked("nonviolently"), "a plain term is not a stem");
        assertFalse(blocked("a killjoy"));
        assertFalse(blocked("the kil of a lake"), "a different word, not a repeated letter");
        assertTrue(blocked("beheading"), "a stem matches its inflections");
        assertTrue(blocked("kills"), "a plain term matches its plural");
    }

    @Test
    void multiWordTermsNeedTheirWordsInOrder() {
        assertTrue(blocked("a dead-body on the road"));
        assertFalse(blocked("the body of a dead tree"));
    }

    @Test
    void patternsSeeTheNormalizedText() {
        assertTrue(blocked("SH00TING the p e o p l e"));
        assertFalse(blocked("a red circle shooting across the frame"));
        assertEquals("custom", POLICY.check("shoot people").category());
    }

    @Test
    void plainNumbersStayNumbers() {
        assertFalse(blocked("3 circles, 45 degrees, 1080p, $5"));
    }

    @Test
    void aBadPatternFailsAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> BlockedTerms.parse(List.of("re:(unclosed")));
    }

    @Test
    void theBuiltInListLoads() {
        BlockedTerms list = BlockedTerms.builtIn();
        assertTrue(list.terms().size() > 50);
        assertFalse(list.patterns().isEmpty());
    }
}
