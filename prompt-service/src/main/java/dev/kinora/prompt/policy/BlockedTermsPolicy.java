package dev.kinora.prompt.policy;

import java.util.List;
import java.util.Optional;

/**
 * The default policy: a prompt is blocked when, after {@link NormalizedText} undoes simple
 * disguises, it contains a listed term as whole words or matches a listed pattern. Whole words,
 * because a term inside a longer word is usually a different word ("skill", "grape", "Sussex");
 * the list names stems explicitly where inflections matter ("behead*").
 */
public final class BlockedTermsPolicy implements ContentPolicy {

    public static final String SOURCE = "terms";

    /** A word split by spaces ("vio lence") is rejoined from up to this many short pieces. */
    private static final int MAX_PIECES = 5;
    private static final int MAX_PIECE_LENGTH = 5;
    /** Shorter terms are not searched across pieces: "go red" must not read as a short term. */
    private static final int MIN_SPLIT_TERM_LENGTH = 5;

    private final BlockedTerms list;

    public BlockedTermsPolicy(BlockedTerms list) {
        this.list = list;
    }

    @Override
    public PolicyVerdict check(String prompt) {
        NormalizedText text = NormalizedText.of(prompt);
        List<List<String>> words = text.words();
        for (BlockedTerms.Term term : list.terms()) {
            if (containsTerm(words, term)) {
                return PolicyVerdict.blocked(SOURCE, term.category(), term.rule());
            }
        }
        String joined = text.joined();
        for (BlockedTerms.BlockedPattern pattern : list.patterns()) {
            if (pattern.regex().matcher(joined).find()) {
                return PolicyVerdict.blocked(SOURCE, pattern.category(), pattern.rule());
            }
        }
        return PolicyVerdict.allowed();
    }

    private static boolean containsTerm(List<List<String>> words, BlockedTerms.Term term) {
        int n = term.words().size();
        for (int i = 0; i + n <= words.size(); i++) {
            if (matchesAt(words, i, term)) {
                return true;
            }
        }
        return n == 1 && splitWord(words, term.words().get(0)).isPresent();
    }

    private static boolean matchesAt(List<List<String>> words, int start, BlockedTerms.Term term) {
        for (int j = 0; j < term.words().size(); j++) {
            TermWordMatch match = new TermWordMatch(term.words().get(j));
            if (words.get(start + j).stream().noneMatch(match::matches)) {
                return false;
            }
        }
        return true;
    }

    /** A single term written in pieces ("vio lence", "beh ead ing"). */
    private static Optional<String> splitWord(List<List<String>> words, BlockedTerms.TermWord word) {
        if (word.text().length() < MIN_SPLIT_TERM_LENGTH) {
            return Optional.empty();
        }
        TermWordMatch match = new TermWordMatch(word);
        for (int i = 0; i < words.size(); i++) {
            StringBuilder joined = new StringBuilder();
            for (int k = 0; k < MAX_PIECES && i + k < words.size(); k++) {
                String piece = words.get(i + k).get(0);
                if (piece.length() > MAX_PIECE_LENGTH) {
                    break;
                }
                joined.append(piece);
                if (k > 0 && match.matches(joined.toString())) {
                    return Optional.of(joined.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** One term word against one spelling: exact (with plural) or stem, letter repeats ignored. */
    private record TermWordMatch(BlockedTerms.TermWord word) {

        boolean matches(String spelling) {
            String w = word.text();
            if (spelling.length() < w.length()) {
                return false;
            }
            if (word.stem()) {
                return spelling.startsWith(w) || squeeze(spelling).startsWith(squeeze(w));
            }
            // English adds -es after s, x, z, ch, sh only: "heroines" is not a plural of "heroin".
            String plural = w.matches(".*(s|x|z|ch|sh)") ? "es" : "s";
            for (String form : List.of(spelling, strip(spelling, plural))) {
                if (form.length() >= w.length() && squeeze(form).equals(squeeze(w))) {
                    return true;
                }
            }
            return false;
        }

        private static String strip(String s, String suffix) {
            return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
        }

        /** "kiiilll" → "kil": repeated letters are a cheap disguise, so both sides drop them. */
        private static String squeeze(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                if (i == 0 || s.charAt(i) != s.charAt(i - 1)) {
                    b.append(s.charAt(i));
                }
            }
            return b.toString();
        }
    }
}
