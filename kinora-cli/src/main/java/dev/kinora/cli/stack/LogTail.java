package dev.kinora.cli.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The end of a log file, for error messages that should show why a process died. */
public final class LogTail {

    /** Enough for the last lines of a stack trace without reading a long log whole. */
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    public static String of(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + tail.size() + " lines of " + log + " ---" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
