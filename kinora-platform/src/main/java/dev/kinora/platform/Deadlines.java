package dev.kinora.platform;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import java.time.Instant;

/** A request may carry a deadline; past it, the job ends as TIMEOUT wherever it is. */
public final class Deadlines {

    private Deadlines() {}

    public static void throwIfPast(JobSpec job) {
        if (job.pastDeadline(Instant.now())) {
            throw new StageFailure(ReasonCode.TIMEOUT, "job " + job.jobId() + " passed its deadline " + job.deadline());
        }
    }
}
