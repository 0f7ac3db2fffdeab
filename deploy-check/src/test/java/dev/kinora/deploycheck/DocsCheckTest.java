package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md and docs/*.md: relative links resolve inside the repository; README commands are run or marked. */
class DocsCheckTest {

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() {
        Path root = DeployLoader.findRoot();
        List<String> problems = new ArrayList<>();
        List<Path> docs = DocsCheck.documents(root);
        assertTrue(docs.size() > 3, "README.md and docs/*.md: " + docs);
        for (Path doc : docs) {
            problems.addAll(DocsCheck.linkProblems(root, doc, DeployLoader.read(doc)));
        }
        assertTrue(problems.isEmpty(), () -> "broken links:\n  " + String.join("\n  ", problems));
    }

    @Test
    void everyReadmeCommandIsRunOrMarkedAsNotRun() {
        Path root = DeployLoader.findRoot();
        List<String> problems = DocsCheck.commandProblems(root, DeployLoader.read(root.resolve("README.md")));
        assertTrue(problems.isEmpty(), () -> "README fenced blocks:\n  " + String.join("\n  ", problems));
    }
}
