package dev.kinora.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PromptSuiteTest {

    static final WorldSpec WORLD = WorldSpec.load(WorldSpec.locate());
    static final PromptSuite SUITE = PromptSuite.bundled();
    static final PromptSuite UNSEEN_COLORS = PromptSuite.load(root().resolve(PromptSuiteGenerator.UNSEEN_COLORS_FILE));

    private static Path root() {
        return Path.of(System.getProperty("kinora.root", ".."));
    }

    @Test
    void worldSpecIsReadWhole() {
        assertEquals(8, WORLD.colors().size());
        assertEquals(4, WORLD.backgrounds().size());
        assertEquals(3, WORLD.shapes().size());
        assertEquals(12, WORLD.motions().size());
        assertEquals(-1, WORLD.motion("up-left").dx());
        assertEquals(-1, WORLD.motion("up-left").dy());
        assertEquals("bounce", WORLD.motionOfKind("bounce").orElseThrow().name());
        assertEquals(new Rgb(20, 30, 80), WORLD.background("navy").rgb());
    }

    @Test
    void committedSuitesAreWhatTheGeneratorProduces() throws IOException {
        PromptSuiteGenerator generator = new PromptSuiteGenerator(WORLD);
        assertEquals(generator.generate().toJson(PromptSuiteGenerator.DESCRIPTION),
                Files.readString(root().resolve(PromptSuiteGenerator.SUITE_FILE)),
                "prompt-suite.json is stale: rerun PromptSuiteGenerator (see docs/evaluation.md)");
        assertEquals(generator.generateUnseenColors().toJson(PromptSuiteGenerator.UNSEEN_COLORS_DESCRIPTION),
                Files.readString(root().resolve(PromptSuiteGenerator.UNSEEN_COLORS_FILE)),
                "prompt-suite-unseen-colors.json is stale: rerun PromptSuiteGenerator (see docs/evaluation.md)");
    }

    /** The diagnostic suite is the public paraphrases with only the color word changed. */
    @Test
    void unseenColorSuiteDiffersFromThePublicParaphrasesOnlyInTheColorWord() {
        List<SuitePrompt> paraphrases = SUITE.prompts().stream().filter(SuitePrompt::paraphrase).toList();
        assertEquals(paraphrases.size(), UNSEEN_COLORS.prompts().size());
        for (int i = 0; i < paraphrases.size(); i++) {
            SuitePrompt pub = paraphrases.get(i);
            SuitePrompt unseen = UNSEEN_COLORS.prompts().get(i);
            assertEquals(pub.id(), unseen.id());
            assertEquals(pub.seed(), unseen.seed());
            WorldSpec.NamedColor color = WORLD.color(pub.expected().color());
            assertEquals(normalized(withPhrases(pub.prompt(), color.extraWords())),
                    normalized(withPhrases(unseen.prompt(), color.heldOutWords())), pub.id());
        }
    }

    /** The prompt with whichever of the phrases it contains replaced by a placeholder. */
    private static String withPhrases(String prompt, List<String> phrases) {
        String text = " " + normalized(prompt) + " ";
        List<String> longestFirst = new ArrayList<>(phrases);
        longestFirst.sort((a, b) -> b.length() - a.length());
        for (String phrase : longestFirst) {
            text = text.replace(" " + phrase + " ", " {color} ");
        }
        assertTrue(text.contains("{color}"), "no color word of " + phrases + " in: " + prompt);
        return text.trim();
    }

    @Test
    void suiteIsLargeEnoughAndAThirdParaphrases() {
        List<SuitePrompt> prompts = SUITE.prompts();
        assertTrue(prompts.size() >= 60, "prompts: " + prompts.size());
        long paraphrases = prompts.stream().filter(SuitePrompt::paraphrase).count();
        assertTrue(paraphrases >= 20, "paraphrases: " + paraphrases);
        assertTrue(paraphrases * 3 >= prompts.size(), "a third should be paraphrases: " + paraphrases);
        assertEquals(prompts.size(), prompts.stream().map(SuitePrompt::id).distinct().count());
        assertEquals(prompts.size(), prompts.stream().map(p -> p.prompt().toLowerCase(Locale.ROOT)).distinct().count());
    }

    @Test
    void everyExpectedLabelExistsAndEveryLabelIsCovered() {
        for (SuitePrompt p : SUITE.prompts()) {
            SuitePrompt.Expected e = p.expected();
            WORLD.color(e.color());
            WORLD.background(e.background());
            WORLD.motion(e.motion());
            assertTrue(WORLD.hasShape(e.shape()), p.id());
            assertTrue(WORLD.supportsResolution(p.width(), p.height()), p.id());
            assertTrue(WORLD.frameCounts().contains(p.frames()), p.id());
        }
        for (boolean paraphrase : new boolean[] {false, true}) {
            List<SuitePrompt> half = SUITE.prompts().stream().filter(p -> p.paraphrase() == paraphrase).toList();
            assertCovers(WORLD.colors().stream().map(WorldSpec.NamedColor::name), half.stream().map(p -> p.expected().color()));
            assertCovers(WORLD.backgrounds().stream().map(WorldSpec.NamedColor::name),
                    half.stream().map(p -> p.expected().background()));
            assertCovers(WORLD.shapes().stream().map(WorldSpec.Shape::name), half.stream().map(p -> p.expected().shape()));
            assertCovers(WORLD.motions().stream().map(WorldSpec.Motion::name), half.stream().map(p -> p.expected().motion()));
        }
    }

    private static void assertCovers(java.util.stream.Stream<String> all, java.util.stream.Stream<String> used) {
        Set<String> missing = all.collect(Collectors.toCollection(HashSet::new));
        missing.removeAll(used.collect(Collectors.toSet()));
        assertTrue(missing.isEmpty(), "not covered: " + missing);
    }

    /** Template prompts must be captions the training templates can produce, with the right words. */
    @Test
    void templatePromptsUseTrainingPhrasing() {
        for (SuitePrompt p : SUITE.prompts()) {
            if (!p.paraphrase()) {
                assertTrue(trainingPattern(true).matcher(normalized(p.prompt())).matches(), p.prompt());
            }
        }
    }

    @Test
    void paraphrasesContainNoTrainingPhrasingButTheirColorWord() {
        for (SuitePrompt p : SUITE.prompts()) {
            if (p.paraphrase()) {
                withPhrases(p.prompt(), WORLD.color(p.expected().color()).extraWords());
                assertEquals(Optional.empty(), trainingPhrasing(p.prompt(), colorExtraWords()), p.prompt());
            }
        }
        for (SuitePrompt p : UNSEEN_COLORS.prompts()) {
            assertTrue(p.paraphrase(), p.id());
            assertEquals(Optional.empty(), trainingPhrasing(p.prompt(), List.of()), p.prompt());
        }
    }

    @Test
    void theParaphraseCheckCanFail() {
        assertTrue(trainingPhrasing("A ruby orb glides toward the left on black", List.of()).isPresent(),
                "training template");
        assertTrue(trainingPhrasing("there is a crimson orb going left in front of a silver wall", colorExtraWords())
                .isPresent(), "template-half color word");
        assertTrue(trainingPhrasing("there is a blood red orb going left in front of a silver wall", List.of())
                .isPresent(), "training-only color word where none is allowed");
        assertTrue(trainingPhrasing("there is a ruby orb falling in front of a silver wall", List.of()).isPresent(),
                "training motion phrase");
        assertEquals(Optional.empty(),
                trainingPhrasing("there is a ruby orb going left in front of a midnight blue wall", List.of()));
        assertEquals(Optional.empty(),
                trainingPhrasing("there is a blood red orb going left in front of a midnight blue wall", colorExtraWords()));
    }

    private static List<String> colorExtraWords() {
        return WORLD.colors().stream().flatMap(c -> c.extraWords().stream()).toList();
    }

    /**
     * Why a prompt reads like a training caption, or empty when it does not; {@code allowed} are
     * training phrases the prompt may contain.
     */
    private static Optional<String> trainingPhrasing(String prompt, List<String> allowed) {
        String text = normalized(prompt);
        if (trainingPattern(false).matcher(text).matches()) {
            return Optional.of("a training template's sentence");
        }
        // Held-out phrases may contain training words ("midnight blue"); take them out first.
        String rest = " " + text.replaceAll("[,:]", " ") + " ";
        List<String> exempt = new ArrayList<>(heldOutVocabulary());
        exempt.addAll(allowed);
        exempt.sort((a, b) -> b.length() - a.length());
        for (String phrase : exempt) {
            rest = rest.replace(" " + phrase + " ", " | ");
        }
        for (String word : trainingVocabulary()) {
            if (rest.contains(" " + word + " ")) {
                return Optional.of("training wording '" + word + "'");
            }
        }
        return Optional.empty();
    }

    private static String normalized(String prompt) {
        // Undo the generator's only rewrites: capitalization and "an" before vowels.
        return prompt.toLowerCase(Locale.ROOT).replaceAll("\\ban\\b", "a").trim();
    }

    /**
     * A regex for every sentence the training templates can make. With {@code words} the slots are
     * the training vocabulary; without, any text, so only the templates' fixed wording must match.
     */
    private static Pattern trainingPattern(boolean words) {
        WorldSpec.Captions cap = WORLD.captions();
        String any = ".+";
        String colors = words ? alternatives(WORLD.colors().stream().flatMap(c -> c.words().stream()).toList()) : any;
        String shapes = words ? alternatives(WORLD.shapes().stream().flatMap(s -> s.words().stream()).toList()) : any;
        String present = words ? alternatives(WORLD.motions().stream().flatMap(m -> m.present().stream()).toList()) : any;
        String gerund = words ? alternatives(WORLD.motions().stream().flatMap(m -> m.gerund().stream()).toList()) : any;
        String bgs = words ? alternatives(WORLD.backgrounds().stream().flatMap(b -> b.words().stream()).toList()) : any;
        List<String> bgPhrases = new ArrayList<>();
        for (String phrase : cap.backgroundPhrases()) {
            bgPhrases.add(literal(phrase).replace("\\{bg\\}", bgs));
        }
        String bgPhrase = "(?:" + String.join("|", bgPhrases) + ")";
        List<String> sentences = new ArrayList<>();
        for (String t : cap.templates()) {
            sentences.add(literal(t).replace("\\{color\\}", colors).replace("\\{shape\\}", shapes)
                    .replace("\\{present\\}", present).replace("\\{gerund\\}", gerund).replace("\\{bgphrase\\}", bgPhrase));
        }
        return Pattern.compile("(?:" + String.join("|", sentences) + ")");
    }

    private static String literal(String text) {
        return text.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }

    private static String alternatives(List<String> words) {
        return "(?:" + words.stream().map(PromptSuiteTest::literal).collect(Collectors.joining("|")) + ")";
    }

    private static List<String> trainingVocabulary() {
        List<String> out = new ArrayList<>();
        WORLD.colors().forEach(c -> {
            out.addAll(c.words());
            out.addAll(c.extraWords());
        });
        WORLD.backgrounds().forEach(b -> out.addAll(b.words()));
        WORLD.shapes().forEach(s -> out.addAll(s.words()));
        WORLD.motions().forEach(m -> {
            out.addAll(m.present());
            out.addAll(m.gerund());
        });
        for (String phrase : WORLD.captions().backgroundPhrases()) {
            // The fixed words around {bg}: "background", "backdrop", "against", "over" ... but not bare "a"/"on".
            for (String w : phrase.replace("{bg}", " ").split("\\s+")) {
                if (w.length() > 2) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static List<String> heldOutVocabulary() {
        List<String> out = new ArrayList<>();
        WORLD.colors().forEach(c -> out.addAll(c.heldOutWords()));
        WORLD.backgrounds().forEach(b -> out.addAll(b.heldOutWords()));
        WORLD.shapes().forEach(s -> out.addAll(s.heldOutWords()));
        WORLD.motions().forEach(m -> {
            out.addAll(m.heldOutPresent());
            out.addAll(m.heldOutGerund());
        });
        // Longest first, so "midnight blue" goes before anything it contains.
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }
}
