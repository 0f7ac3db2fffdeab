package dev.kinora.prompt.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A list of blocked terms and patterns, one a line, grouped by {@code [category]} headers:
 * <ul>
 *   <li>{@code word} or {@code two words}: whole words, in order; a plain word also matches its
 *       plural (-s, -es) and spellings that only repeat its letters ("kiiill");</li>
 *   <li>{@code stem*}: a word that starts with the stem ("behead*": beheading, beheaded);</li>
 *   <li>{@code re:REGEX}: a Java regex searched in the normalized prompt (lower case, Latin
 *       letters, words separated by one space);</li>
 *   <li>{@code #} starts a comment.</li>
 * </ul>
 * Terms match whole words, never inside another word, so "skill", "grape" and "therapist" pass.
 */
public record BlockedTerms(List<Term> terms, List<BlockedPattern> patterns) {

    /** The list the repository ships: prompt-service/src/main/resources/policy/blocked-terms.txt. */
    public static final String BUILT_IN = "policy/blocked-terms.txt";

    /** One term: its words (each exact or a stem), its category and the line it came from. */
    public record Term(List<TermWord> words, String category, String rule) {}

    public record TermWord(String text, boolean stem) {}

    public record BlockedPattern(Pattern regex, String category, String rule) {}

    public static BlockedTerms builtIn() {
        try (InputStream in = BlockedTerms.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is not on the classpath");
            }
            return parse(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BlockedTerms parse(List<String> lines) {
        List<Term> terms = new ArrayList<>();
        List<BlockedPattern> patterns = new ArrayList<>();
        String category = "blocked";
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                category = line.substring(1, line.length() - 1).strip();
            } else if (line.startsWith("re:")) {
                try {
                    patterns.add(new BlockedPattern(Pattern.compile(line.substring(3)), category, line));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("blocked pattern '" + line + "' is not a valid regex: "
                            + e.getDescription(), e);
                }
            } else {
                terms.add(term(line, category));
            }
        }
        return new BlockedTerms(List.copyOf(terms), List.copyOf(patterns));
    }

    public BlockedTerms plus(BlockedTerms more) {
        List<Term> t = new ArrayList<>(terms);
        t.addAll(more.terms);
        List<BlockedPattern> p = new ArrayList<>(patterns);
        p.addAll(more.patterns);
        return new BlockedTerms(List.copyOf(t), List.copyOf(p));
    }

    /** The term's words are normalized like prompts, so a list may be written with accents or hyphens. */
    private static Term term(String line, String category) {
        List<TermWord> words = new ArrayList<>();
        for (String part : line.split("\\s+")) {
            boolean stem = part.endsWith("*");
            String text = stem ? part.substring(0, part.length() - 1) : part;
            for (List<String> word : NormalizedText.of(text).words()) {
                words.add(new TermWord(word.get(0), false));
            }
            if (stem && !words.isEmpty()) {
                TermWord last = words.remove(words.size() - 1);
                words.add(new TermWord(last.text(), true));
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("blocked term '" + line + "' has no letters");
        }
        return new Term(List.copyOf(words), category, line);
    }
}
