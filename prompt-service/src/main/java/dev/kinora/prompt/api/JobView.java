package dev.kinora.prompt.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kinora.events.contract.JobState;
import dev.kinora.events.contract.JobStatus;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.contract.VideoFailed;
import java.time.Instant;
import java.util.Map;

/** What {@code GET /v1/videos/{id}} answers: state, stage, step progress, and the outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String jobId,
        String requestId,
        JobStatus state,
        Stage stage,
        Progress progress,
        Map<String, Object> parameters,
        VideoCompleted result,
        String contentUrl,
        Error error,
        Instant updatedAt) {

    public record Progress(int step, int steps) {}

    public record Error(String reason, String message) {}

    public static JobView of(JobState s, String contentBaseUrl) {
        VideoFailed f = s.error();
        Map<String, Object> parameters = s.job() == null ? null : Map.of(
                "prompt", s.job().prompt(), "width", s.job().width(), "height", s.job().height(),
                "frames", s.job().frames(), "fps", s.job().fps(), "steps", s.job().steps(),
                "guidanceScale", s.job().guidanceScale(), "seed", s.job().seed(), "model", s.job().model());
        return new JobView(s.jobId(), s.requestId(), s.state(), s.stage(), new Progress(s.step(), s.steps()), parameters,
                s.result(), s.result() == null ? null : contentBaseUrl + "/v1/videos/" + s.jobId() + "/content",
                f == null ? null : new Error(f.reason().name(), f.message()), s.updatedAt());
    }
}
