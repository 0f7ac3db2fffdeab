package dev.kinora.cli.generate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {

    @Test
    void drawsStepsAsABar() {
        JobView job = new JobView("j1", "DENOISING", 5, 10, Optional.empty(), Optional.empty());
        assertEquals("j1 DENOISING  [############............] step 5/10  3 s", ProgressLine.render(job, 3));
    }

    @Test
    void printsOnlyChangesWhenNotOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        JobView queued = new JobView("j1", "QUEUED", 0, 0, Optional.empty(), Optional.empty());
        line.show(queued, 0);
        line.show(queued, 1);
        line.show(new JobView("j1", "ENCODING", 0, 0, Optional.empty(), Optional.empty()), 2);
        line.finish();
        assertEquals(2, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
