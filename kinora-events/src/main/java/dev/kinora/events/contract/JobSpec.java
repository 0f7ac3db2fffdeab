package dev.kinora.events.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted job with every parameter resolved (defaults applied, seed chosen), carried by every
 * internal record so that each stage is self-contained. {@code stageMillis} grows as the job moves;
 * {@code transformerCalls} is set by the denoiser. {@code cacheThreshold} is the request's step-caching
 * choice (null: the denoiser's configured default). Build one with {@link #builder()}.
 */
public record JobSpec(
        String jobId,
        String requestId,
        String prompt,
        String negativePrompt,
        int width,
        int height,
        int frames,
        int fps,
        int steps,
        String scheduler,
        double guidanceScale,
        Double cacheThreshold,
        long seed,
        String model,
        String modelVersion,
        String modelSha256,
        Map<String, Object> metadata,
        Instant acceptedAt,
        Instant deadline,
        Map<String, Long> stageMillis,
        Integer transformerCalls) {

    public JobSpec {
        metadata = metadata == null ? Map.of() : metadata;
        stageMillis = stageMillis == null ? Map.of() : Map.copyOf(stageMillis);
    }

    /** True once the job's deadline (if it has one) has passed. */
    public boolean pastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /** A copy that records how long {@code stage} took, in milliseconds. */
    public JobSpec withStageMillis(String stage, long millis) {
        Map<String, Long> timings = new LinkedHashMap<>(stageMillis);
        timings.put(stage, millis);
        return toBuilder().stageMillis(timings).build();
    }

    /** A copy that records how many guided transformer calls the denoiser made for the job. */
    public JobSpec withTransformerCalls(int calls) {
        return toBuilder().transformerCalls(calls).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().jobId(jobId).requestId(requestId).prompt(prompt).negativePrompt(negativePrompt)
                .size(width, height).frames(frames).fps(fps).steps(steps).scheduler(scheduler)
                .guidanceScale(guidanceScale).cacheThreshold(cacheThreshold).seed(seed)
                .model(model, modelVersion, modelSha256).metadata(metadata).acceptedAt(acceptedAt).deadline(deadline)
                .stageMillis(stageMillis).transformerCalls(transformerCalls);
    }

    /** Named setters for a spec's many fields; unset ones are null or zero. */
    public static final class Builder {
        private String jobId;
        private String requestId;
        private String prompt;
        private String negativePrompt;
        private int width;
        private int height;
        private int frames;
        private int fps;
        private int steps;
        private String scheduler;
        private double guidanceScale;
        private Double cacheThreshold;
        private long seed;
        private String model;
        private String modelVersion;
        private String modelSha256;
        private Map<String, Object> metadata;
        private Instant acceptedAt;
        private Instant deadline;
        private Map<String, Long> stageMillis;
        private Integer transformerCalls;

        private Builder() {}

        public Builder jobId(String v) { jobId = v; return this; }
        public Builder requestId(String v) { requestId = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder negativePrompt(String v) { negativePrompt = v; return this; }
        public Builder size(int w, int h) { width = w; height = h; return this; }
        public Builder frames(int v) { frames = v; return this; }
        public Builder fps(int v) { fps = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder scheduler(String v) { scheduler = v; return this; }
        public Builder guidanceScale(double v) { guidanceScale = v; return this; }
        public Builder cacheThreshold(Double v) { cacheThreshold = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder model(String name, String version, String manifestSha256) {
            model = name; modelVersion = version; modelSha256 = manifestSha256; return this;
        }
        public Builder metadata(Map<String, Object> v) { metadata = v; return this; }
        public Builder acceptedAt(Instant v) { acceptedAt = v; return this; }
        public Builder deadline(Instant v) { deadline = v; return this; }
        public Builder stageMillis(Map<String, Long> v) { stageMillis = v; return this; }
        public Builder transformerCalls(Integer v) { transformerCalls = v; return this; }

        public JobSpec build() {
            return new JobSpec(jobId, requestId, prompt, negativePrompt, width, height, frames, fps, steps, scheduler,
                    guidanceScale, cacheThreshold, seed, model, modelVersion, modelSha256, metadata, acceptedAt,
                    deadline, stageMillis, transformerCalls);
        }
    }
}
