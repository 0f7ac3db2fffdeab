package dev.kinora.cli.generate;

import java.io.PrintStream;

/**
 * One status line on stderr rewritten in place while a job runs; on a non-terminal (a log, a
 * pipe) each change gets its own line instead, so logs stay readable.
 */
final class ProgressLine {

    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final boolean inPlace;
    private String last = "";

    ProgressLine(PrintStream err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    void show(JobView job, long elapsedSeconds) {
        String text = render(job, elapsedSeconds);
        if (inPlace) {
            // Pad to wipe a longer previous line.
            err.print("\r" + text + " ".repeat(Math.max(0, last.length() - text.length())));
            err.flush();
            last = text;
        } else if (!stripTime(text).equals(stripTime(last))) {
            err.println(text);
            last = text;
        }
    }

    void finish() {
        if (inPlace && !last.isEmpty()) {
            err.println();
        }
        last = "";
    }

    static String render(JobView job, long elapsedSeconds) {
        StringBuilder line = new StringBuilder();
        line.append(job.jobId()).append(' ').append(String.format("%-10s", job.state()));
        // Services report steps while denoising; other stages carry no step count of their own.
        if (job.steps() > 0 && (job.step() > 0 || "DENOISING".equals(job.state()))) {
            int filled = (int) Math.round(BAR_WIDTH * Math.min(1.0, job.step() / (double) job.steps()));
            line.append(" [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append("step ").append(job.step()).append('/').append(job.steps());
        }
        line.append("  ").append(elapsedSeconds).append(" s");
        return line.toString();
    }

    private static String stripTime(String text) {
        int cut = text.lastIndexOf("  ");
        return cut < 0 ? text : text.substring(0, cut);
    }
}
