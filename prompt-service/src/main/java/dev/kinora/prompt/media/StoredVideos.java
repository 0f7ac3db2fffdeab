package dev.kinora.prompt.media;

import dev.kinora.events.contract.JobState;
import dev.kinora.events.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A finished job's objects in the video bucket, as storage-service wrote them under
 * {@code <jobId>/}: read one variant for the content endpoint, or remove them all.
 */
@ApplicationScoped
public class StoredVideos {

    /** What the content endpoint serves: the file under the job's prefix and its media type. */
    public enum Variant {
        VIDEO("video.mp4", "video/mp4"),
        THUMBNAIL("poster.png", "image/png"),
        SPRITESHEET("spritesheet.png", "image/png");

        private final String file;
        private final String mediaType;

        Variant(String file, String mediaType) {
            this.file = file;
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String fileName(String jobId) {
            return jobId + (this == VIDEO ? ".mp4" : "-" + name().toLowerCase() + ".png");
        }
    }

    /** Every object storage-service writes for a job (its VideoKeys), so deleting leaves nothing behind. */
    private static final List<String> FILES = List.of("video.mp4", "poster.png", "spritesheet.png", "provenance.jws",
            "metadata.json");

    @Inject
    ObjectStore store;

    /** The same bucket storage-service writes to. */
    @ConfigProperty(name = "kinora.storage.bucket", defaultValue = "kinora-videos")
    String bucket;

    public Optional<byte[]> read(JobState job, Variant variant) {
        return store.find(bucket, job.jobId() + "/" + variant.file);
    }

    public void delete(String jobId) {
        if (!store.bucketExists(bucket)) {
            return; // nothing was ever stored
        }
        for (String file : FILES) {
            store.delete(bucket, jobId + "/" + file);
        }
    }
}
