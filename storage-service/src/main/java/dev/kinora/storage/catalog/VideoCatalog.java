package dev.kinora.storage.catalog;

import dev.kinora.events.EventJson;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.StoredObject;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.platform.StageRunner;
import dev.kinora.storage.provenance.ProvenanceSigner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The video bucket: writes a job's video, poster, spritesheet, signed provenance manifest and metadata under its
 * job id and describes
 * them for {@code video.completed}. Writes are keyed by job id, so a replay overwrites in place.
 */
@ApplicationScoped
public class VideoCatalog {

    private static final Logger LOG = Logger.getLogger(VideoCatalog.class);

    @Inject
    ObjectStore store;

    @Inject
    StorageConfig config;

    @Inject
    ProvenanceSigner signer;

    void onStart(@Observes StartupEvent event) {
        try {
            store.ensureBucket(config.bucket());
        } catch (RuntimeException e) {
            LOG.warnf("video bucket %s not ready at start: %s", config.bucket(), e.getMessage());
        }
    }

    /**
     * Writes the video, poster and spritesheet (null when the decoder sent none), then the metadata
     * with every stage's timing; {@code clock} stamps this stage's time once the media are written.
     */
    public VideoCompleted store(JobSpec unstamped, byte[] video, byte[] poster, byte[] spritesheet,
            StageRunner.StageClock clock) {
        store.ensureBucket(config.bucket());
        StoredObject videoObject = put(VideoKeys.video(unstamped.jobId()), video, "video/mp4");
        StoredObject posterObject = put(VideoKeys.poster(unstamped.jobId()), poster, "image/png");
        StoredObject spritesheetObject = spritesheet == null ? null
                : put(VideoKeys.spritesheet(unstamped.jobId()), spritesheet, "image/png");
        Optional<StoredObject> provenance = signer.sign(unstamped, video)
                .map(jws -> put(VideoKeys.provenance(unstamped.jobId()), jws, "application/jose"));
        JobSpec job = clock.stamp(unstamped);
        double duration = (double) job.frames() / job.fps();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jobId", job.jobId());
        metadata.put("requestId", job.requestId());
        metadata.put("prompt", job.prompt());
        metadata.put("negativePrompt", job.negativePrompt());
        Map<String, Object> parameters = new LinkedHashMap<>(Map.of(
                "width", job.width(), "height", job.height(), "frames", job.frames(), "fps", job.fps(),
                "steps", job.steps(), "guidanceScale", job.guidanceScale(), "seed", job.seed()));
        parameters.put("cacheThreshold", job.cacheThreshold());
        metadata.put("parameters", parameters);
        metadata.put("model", Map.of("name", String.valueOf(job.model()), "version", String.valueOf(job.modelVersion()),
                "manifestSha256", String.valueOf(job.modelSha256())));
        metadata.put("stageMillis", job.stageMillis());
        metadata.put("transformerCalls", job.transformerCalls());
        metadata.put("video", Map.of("key", videoObject.key(), "bytes", videoObject.bytes(), "sha256", videoObject.sha256()));
        provenance.ifPresent(p -> metadata.put("provenance", Map.of("key", p.key(), "format", "jws")));
        metadata.put("acceptedAt", String.valueOf(job.acceptedAt()));
        metadata.put("metadata", job.metadata());
        StoredObject metadataObject = put(VideoKeys.metadata(job.jobId()), EventJson.write(metadata), "application/json");
        return new VideoCompleted(job.jobId(), job.requestId(), videoObject, posterObject, spritesheetObject,
                metadataObject, job.width(), job.height(), job.frames(), job.fps(), duration, job.seed(), job.model(),
                job.modelVersion(), job.stageMillis(), job.transformerCalls(), job.metadata(), job.acceptedAt(), Instant.now());
    }

    private StoredObject put(String key, byte[] bytes, String contentType) {
        String sha = ClaimCheck.sha256(bytes);
        store.put(config.bucket(), key, bytes, contentType, Map.of("sha256", sha));
        String url = store.presignedGet(config.bucket(), key, config.presignExpiry());
        return new StoredObject(config.bucket(), key, url, contentType, bytes.length, sha);
    }

    /** The stored video, or empty when the job has none (yet). */
    public Optional<byte[]> video(String jobId) {
        return object(VideoKeys.video(jobId));
    }

    /** The video's signed provenance manifest, or empty when there is none. */
    public Optional<byte[]> provenance(String jobId) {
        return object(VideoKeys.provenance(jobId));
    }

    private Optional<byte[]> object(String key) {
        if (store.stat(config.bucket(), key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.get(config.bucket(), key));
    }
}
