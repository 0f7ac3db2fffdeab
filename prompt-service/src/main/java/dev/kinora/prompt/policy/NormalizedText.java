package dev.kinora.prompt.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A prompt reduced to the words a policy compares, so that simple disguises read as the word they
 * hide: case, accents and compatibility forms (full-width, mathematical letters) fold away,
 * invisible format characters vanish, Cyrillic and Greek look-alikes become Latin letters, letters
 * spelled apart ("v i o l e n c e", "v.i.o.l.e.n.c.e") join again, and leetspeak digits in words
 * read as letters. Each word keeps its spelling variants ("1" reads as i and as l).
 */
public record NormalizedText(List<List<String>> words) {

    /** Look-alikes, lower case, that a reader takes for the Latin letter. */
    private static final Map<Integer, Character> HOMOGLYPHS = homoglyphs(
            // Cyrillic
            "аa вb ѵv еe ёe кk мm нh оo рp сc тt уy хx іi їi јj ѕs ԁd ӏl ԛq ԝw ьb пn гr",
            // Greek
            "αa βb εe ηn ιi κk νv οo ρp τt υu χx ωw γy μu ςs");

    private static final Map<Character, Character> LEET = Map.ofEntries(Map.entry('0', 'o'), Map.entry('3', 'e'),
            Map.entry('4', 'a'), Map.entry('5', 's'), Map.entry('7', 't'), Map.entry('8', 'b'), Map.entry('9', 'g'),
            Map.entry('@', 'a'), Map.entry('$', 's'), Map.entry('!', 'i'), Map.entry('|', 'l'));

    /** Fewer single characters in a row than this are ordinary words ("a", "x"), not a spelled-out word. */
    private static final int SPELLED_OUT_MIN = 3;

    public static NormalizedText of(String text) {
        String folded = fold(text == null ? "" : text);
        List<String> tokens = new ArrayList<>();
        for (String piece : folded.split("[^\\p{L}\\p{N}@$!|]+")) {
            String word = piece.replaceAll("^[!|]+|[!|]+$", ""); // "kill!" is a word and an exclamation mark
            if (!word.isEmpty()) {
                tokens.add(word);
            }
        }
        List<List<String>> words = new ArrayList<>();
        for (List<String> spellings : joinSpelledOut(tokens)) {
            List<String> read = new ArrayList<>();
            for (String spelling : spellings) {
                read.addAll(variants(spelling));
            }
            words.add(List.copyOf(read));
        }
        return new NormalizedText(words);
    }

    /** The first spelling of every word, space-separated: what patterns are matched against. */
    public String joined() {
        return words.stream().map(v -> v.get(0)).collect(Collectors.joining(" "));
    }

    private static String fold(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(compatible.length());
        compatible.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.FORMAT) {
                return; // zero-width spaces and joiners, soft hyphens: invisible, so not a separator
            }
            Character latin = HOMOGLYPHS.get(cp);
            out.appendCodePoint(latin != null ? latin : cp);
        });
        return Normalizer.normalize(out, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    /**
     * Runs of single characters become one word. A run that starts with "a" or "i" may be an
     * article or pronoun before the spelled-out word ("a b.e.h.e.a.d.i.n.g"), so it also reads
     * without it.
     */
    private static List<List<String>> joinSpelledOut(List<String> tokens) {
        List<List<String>> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int end = i;
            while (end < tokens.size() && tokens.get(end).length() == 1) {
                end++;
            }
            if (end - i >= SPELLED_OUT_MIN) {
                String run = String.join("", tokens.subList(i, end));
                boolean leadingWord = run.startsWith("a") || run.startsWith("i");
                out.add(leadingWord && run.length() > SPELLED_OUT_MIN ? List.of(run, run.substring(1)) : List.of(run));
                i = end;
            } else {
                out.add(List.of(tokens.get(i)));
                i++;
            }
        }
        return out;
    }

    /** A plain number stays a number; a word with digits or symbols in it reads as letters. */
    private static List<String> variants(String token) {
        if (token.chars().noneMatch(Character::isLetter) && token.length() < SPELLED_OUT_MIN) {
            return List.of(token);
        }
        if (token.chars().allMatch(Character::isDigit)) {
            return List.of(token);
        }
        StringBuilder b = new StringBuilder(token.length());
        for (char c : token.toCharArray()) {
            b.append(LEET.getOrDefault(c, c));
        }
        String read = b.toString();
        return read.indexOf('1') < 0 ? List.of(read) : List.of(read.replace('1', 'i'), read.replace('1', 'l'));
    }

    private static Map<Integer, Character> homoglyphs(String... tables) {
        java.util.HashMap<Integer, Character> map = new java.util.HashMap<>();
        for (String table : tables) {
            for (String pair : table.split(" ")) {
                map.put(pair.codePointAt(0), pair.charAt(pair.length() - 1));
            }
        }
        return Map.copyOf(map);
    }
}
