package dev.kinora.prompt.intake;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.SamplerNames;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a request into a job: checks every field against the model bundle's limits, applies the
 * bundle's defaults, and picks a seed. The first failing rule decides the reason code; every
 * failing field is listed.
 */
public final class RequestValidator {

    public static final int MAX_PROMPT_CHARS = 2000;
    public static final int MAX_REQUEST_ID_CHARS = 128;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final double MAX_GUIDANCE = 30.0;
    /** Step caching past this reuses one velocity for most of the run: the video falls apart. */
    public static final double MAX_CACHE_THRESHOLD = 1.0;

    private final ModelBundle bundle;

    public RequestValidator(ModelBundle bundle) {
        this.bundle = bundle;
    }

    public JobSpec validate(GenerationRequest r, String jobId, String requestId) {
        ModelManifest m = bundle.manifest();
        ModelManifest.Video video = m.video();
        Checks checks = new Checks();
        if (r.prompt() == null || r.prompt().isBlank()) {
            checks.fail(ReasonCode.INVALID_REQUEST, "prompt", "is required");
        } else if (r.prompt().length() > MAX_PROMPT_CHARS) {
            checks.fail(ReasonCode.PROMPT_TOO_LONG, "prompt", "has " + r.prompt().length() + " characters; at most "
                    + MAX_PROMPT_CHARS);
        }
        if (r.negativePrompt() != null && r.negativePrompt().length() > MAX_PROMPT_CHARS) {
            checks.fail(ReasonCode.PROMPT_TOO_LONG, "negativePrompt", "has more than " + MAX_PROMPT_CHARS + " characters");
        }
        if (requestId.length() > MAX_REQUEST_ID_CHARS) {
            checks.fail(ReasonCode.INVALID_REQUEST, "requestId", "has more than " + MAX_REQUEST_ID_CHARS + " characters");
        }
        if (r.model() != null && !r.model().equals(m.name())) {
            checks.fail(ReasonCode.UNSUPPORTED_MODEL, "model", "'" + r.model() + "' is not served; available: " + m.name());
        }
        int width = r.width() == null ? video.defaultWidth() : r.width();
        int height = r.height() == null ? video.defaultHeight() : r.height();
        if (!video.supportsResolution(width, height)) {
            checks.fail(ReasonCode.UNSUPPORTED_SIZE, "width,height", width + "x" + height
                    + " is not one of the model's resolutions " + video.resolutions());
        }
        int fps = r.fps() == null ? video.fps() : r.fps();
        if (fps < 1 || fps > 60) {
            checks.fail(ReasonCode.INVALID_REQUEST, "fps", "must be between 1 and 60");
        }
        int frames = frames(r, fps, video.defaultFrames(), checks);
        if (frames < 1 || frames > video.maxFrames()) {
            checks.fail(ReasonCode.UNSUPPORTED_SIZE, "frames", frames + " frames; the model makes 1 to " + video.maxFrames());
        }
        int steps = r.steps() == null ? m.scheduler().defaultSteps() : r.steps();
        if (steps < 1 || steps > video.maxSteps()) {
            checks.fail(ReasonCode.INVALID_REQUEST, "steps", "must be between 1 and " + video.maxSteps());
        }
        if (r.scheduler() != null && !SamplerNames.all().contains(r.scheduler())) {
            checks.fail(ReasonCode.INVALID_REQUEST, "scheduler", "'" + r.scheduler() + "' is not one of " + SamplerNames.all());
        }
        double guidance = r.guidanceScale() == null ? m.scheduler().defaultGuidance() : r.guidanceScale();
        if (!Double.isFinite(guidance) || guidance < 0 || guidance > MAX_GUIDANCE) {
            checks.fail(ReasonCode.INVALID_REQUEST, "guidanceScale", "must be a number from 0 to " + MAX_GUIDANCE);
        }
        if (r.cacheThreshold() != null && !(r.cacheThreshold() >= 0 && r.cacheThreshold() <= MAX_CACHE_THRESHOLD)) {
            checks.fail(ReasonCode.INVALID_REQUEST, "cacheThreshold", "must be a number from 0 (off) to " + MAX_CACHE_THRESHOLD);
        }
        Map<String, Object> metadata = r.metadata() == null ? Map.of() : r.metadata();
        if (EventJson.write(metadata).length > MAX_METADATA_BYTES) {
            checks.fail(ReasonCode.INVALID_REQUEST, "metadata", "is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        if (r.deadline() != null && !r.deadline().isAfter(Instant.now())) {
            checks.fail(ReasonCode.INVALID_REQUEST, "deadline", "is already past: " + r.deadline());
        }
        checks.throwIfAny();
        long seed = r.seed() == null ? JobIds.randomSeed() : r.seed();
        return JobSpec.builder().jobId(jobId).requestId(requestId).prompt(r.prompt()).negativePrompt(r.negativePrompt())
                .size(width, height).frames(frames).fps(fps).steps(steps).scheduler(r.scheduler()).guidanceScale(guidance)
                .cacheThreshold(r.cacheThreshold()).seed(seed).model(m.name(), m.version(), bundle.manifestSha256())
                .metadata(metadata).acceptedAt(Instant.now()).deadline(r.deadline()).build();
    }

    private static int frames(GenerationRequest r, int fps, int defaultFrames, Checks checks) {
        if (r.frames() != null) {
            return r.frames();
        }
        if (r.durationSeconds() != null) {
            double d = r.durationSeconds();
            if (!Double.isFinite(d) || d <= 0 || d > 60) {
                checks.fail(ReasonCode.INVALID_REQUEST, "durationSeconds", "must be a number of seconds from 0 to 60");
                return defaultFrames;
            }
            return 1 + (int) Math.round(d * fps);
        }
        return defaultFrames;
    }

    /** Collects failures; the first one's reason code names the rejection. */
    private static final class Checks {
        private ReasonCode reason;
        private final List<RequestRejected.FieldError> errors = new ArrayList<>();

        void fail(ReasonCode code, String field, String message) {
            if (reason == null) {
                reason = code;
            }
            errors.add(new RequestRejected.FieldError(field, message));
        }

        void throwIfAny() {
            if (reason != null) {
                String message = errors.stream().map(e -> e.field() + " " + e.message())
                        .reduce((a, b) -> a + "; " + b).orElse("");
                throw new RequestRejected(reason, message, errors);
            }
        }
    }
}
