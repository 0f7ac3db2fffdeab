package dev.kinora.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks README.md and docs/*.md: every relative link resolves to a file or folder inside the
 * repository, and every fenced block of the README is either marked as run (by a named file that
 * contains its first line, such as .ci/run or a test) or marked as not run, with the reason.
 * Blocks fenced as {@code text} (diagrams, output) are not commands and need no marker.
 */
public final class DocsCheck {

    /** The marker on the line before a README fence; {@link #RUN_BY} or {@link #NOT_RUN} follows. */
    public static final String MARKER = "<!-- docs-check:";
    static final String RUN_BY = "run by ";
    static final String NOT_RUN = "not run: ";

    /** {@code [text](target)} or {@code [text](target "title")}; images too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_+-]*)\\s*$");

    private DocsCheck() {}

    /** README.md and every Markdown file in docs/. */
    public static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Links in {@code doc} (a file under {@code root}) that do not resolve inside the repository. */
    public static List<String> linkProblems(Path root, Path doc, String text) {
        List<String> problems = new ArrayList<>();
        String where = root.relativize(doc).toString();
        boolean fenced = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (FENCE.matcher(lines[i]).matches()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(lines[i]).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                String problem = linkProblem(root, doc, target);
                if (problem != null) {
                    problems.add(where + ":" + (i + 1) + ": link '" + target + "' " + problem);
                }
            }
        }
        return problems;
    }

    private static String linkProblem(Path root, Path doc, String target) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*") && !target.startsWith("file:")) {
            return null; // http:, https:, mailto:: not checked offline
        }
        String path = target.replaceFirst("#.*$", "");
        if (path.isEmpty()) {
            return null; // an anchor in the same document
        }
        if (target.startsWith("file:") || path.startsWith("/") || path.startsWith("~")) {
            return "points outside the repository (use a path relative to the document)";
        }
        Path resolved = doc.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        return Files.exists(resolved) ? null : "does not resolve (no " + root.relativize(resolved) + ")";
    }

    /** README fenced blocks without a marker, and "run by" markers whose file does not run the block. */
    public static List<String> commandProblems(Path root, String readme) {
        List<String> problems = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher fence = FENCE.matcher(lines[i]);
            if (!fence.matches()) {
                continue;
            }
            int open = i;
            int close = i + 1;
            while (close < lines.length && !FENCE.matcher(lines[close]).matches()) {
                close++;
            }
            i = close;
            if (fence.group(1).equals("text")) {
                continue;
            }
            String first = open + 1 < close ? lines[open + 1].trim() : "";
            String marker = open > 0 ? lines[open - 1].trim() : "";
            String where = "README.md:" + (open + 1);
            if (!marker.startsWith(MARKER) || !marker.endsWith("-->")) {
                problems.add(where + ": fenced block '" + first + "' has no '" + MARKER + " " + RUN_BY + "FILE -->' or '"
                        + MARKER + " " + NOT_RUN + "REASON -->' on the line before it");
                continue;
            }
            String says = marker.substring(MARKER.length(), marker.length() - 3).trim();
            if (says.startsWith(NOT_RUN) && says.length() > NOT_RUN.length()) {
                continue;
            }
            if (!says.startsWith(RUN_BY)) {
                problems.add(where + ": marker '" + marker + "' says neither '" + RUN_BY + "FILE' nor '" + NOT_RUN
                        + "REASON'");
                continue;
            }
            Path runner = root.resolve(says.substring(RUN_BY.length()).trim()).normalize();
            if (!runner.startsWith(root) || !Files.isRegularFile(runner)) {
                problems.add(where + ": the block is said to be run by " + root.relativize(runner) + ", which does not exist");
            } else if (!DeployLoader.read(runner).contains(first)) {
                problems.add(where + ": the block is said to be run by " + root.relativize(runner)
                        + ", which does not contain '" + first + "'");
            }
        }
        return problems;
    }
}
