package dev.kinora.cli.generate;

import dev.kinora.cli.verify.VerifyCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** Submits a prompt, follows the job to its end, and saves the video. Returns the exit status. */
public final class GenerateCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_REJECTED = 2;
    private static final Duration POLL = Duration.ofMillis(500);

    private final VideoApi api;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    public GenerateCommand(VideoApi api, PrintStream out, PrintStream err, boolean interactive) {
        this.api = api;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public int run(GenerateOptions options) throws IOException, InterruptedException {
        VideoApi.Submission submission = api.submit(options);
        if (submission instanceof VideoApi.Submission.Rejected rejected) {
            err.println("error: " + rejected.error().reason() + ": " + rejected.error().message());
            // 4xx: the request was wrong and retrying will not help; 5xx: the service failed.
            return rejected.status() < 500 ? EXIT_REJECTED : EXIT_FAILED;
        }
        String jobId = ((VideoApi.Submission.Accepted) submission).jobId();
        JobView job = follow(jobId, options.timeout());
        if (job == null) {
            err.println("error: job " + jobId + " did not finish within " + options.timeout().toSeconds()
                    + " s; it keeps running, see: kinora status");
            return EXIT_FAILED;
        }
        if (job.isFailed()) {
            err.println("failed: " + job.error().map(ApiError::toString).orElse("no reason given") + " (job " + jobId + ")");
            return EXIT_FAILED;
        }
        job.transformerCalls().ifPresent(calls -> err.println(
                "transformer calls: " + calls + " for " + job.steps() + " steps"));
        Path target = options.outputFor(jobId);
        api.download(jobId, target);
        api.downloadManifest(jobId, Path.of(target + VerifyCommand.MANIFEST_SUFFIX));
        out.println(target);
        return EXIT_OK;
    }

    /** Polls until COMPLETED or FAILED; null when the timeout passes first. */
    private JobView follow(String jobId, Duration timeout) throws IOException, InterruptedException {
        ProgressLine progress = new ProgressLine(err, interactive);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try {
            while (true) {
                JobView job = api.job(jobId);
                progress.show(job, (System.nanoTime() - started) / 1_000_000_000L);
                if (job.isCompleted() || job.isFailed()) {
                    return job;
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(POLL);
            }
        } finally {
            progress.finish();
        }
    }
}
