package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs check fails on each kind of mistake, in a small repository made for the test. */
class DocsCheckCatchesTest {

    private static void expect(List<String> problems, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                () -> "expected a problem containing '" + fragment + "', got " + problems);
    }

    @Test
    void brokenAndOutsideLinksAreNamedGoodOnesPass(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/here.md"), "# Here\n");
        Path doc = root.resolve("docs/guide.md");
        String text = """
                [ok](here.md) [ok with anchor](here.md#here) [anchor](#top) [web](https://example.org/x)
                [gone](missing.md) [abs](/root/notes.md) [up](../../elsewhere.md) [file](file:///etc/hosts)
                `[in code](nowhere.md)`
                ```
                [in a fence](nowhere.md)
                ```
                """;
        List<String> problems = DocsCheck.linkProblems(root, doc, text);
        expect(problems, "docs/guide.md:2: link 'missing.md' does not resolve");
        expect(problems, "link '/root/notes.md' points outside the repository");
        expect(problems, "link '../../elsewhere.md' points outside the repository");
        expect(problems, "link 'file:///etc/hosts' points outside the repository");
        assertEquals(4, problems.size(), () -> "only the four bad links: " + problems);
    }

    @Test
    void readmeBlocksNeedAMarkerAndARunnerThatRunsThem(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("ci.sh"), "#!/bin/sh\n./kinora test\n");
        String readme = """
                ```text
                a diagram needs no marker
                ```
                <!-- docs-check: run by ci.sh -->
                ```
                ./kinora test
                ```
                <!-- docs-check: not run: needs a running stack -->
                ```
                ./kinora status
                ```
                ```
                ./kinora up
                ```
                <!-- docs-check: run by ci.sh -->
                ```
                ./kinora generate "x"
                ```
                <!-- docs-check: run by nothing.sh -->
                ```
                ./kinora down
                ```
                <!-- docs-check: maybe -->
                ```
                ./kinora help
                ```
                """;
        List<String> problems = DocsCheck.commandProblems(root, readme);
        expect(problems, "README.md:12: fenced block './kinora up' has no");
        expect(problems, "README.md:16: the block is said to be run by ci.sh, which does not contain './kinora generate \"x\"'");
        expect(problems, "README.md:20: the block is said to be run by nothing.sh, which does not exist");
        expect(problems, "README.md:24: marker '<!-- docs-check: maybe -->' says neither");
        assertEquals(4, problems.size(), () -> "only the four bad blocks: " + problems);
    }
}
