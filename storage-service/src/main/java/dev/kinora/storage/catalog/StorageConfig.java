package dev.kinora.storage.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code kinora.storage.*}: the video bucket and how long download links stay valid. */
@ConfigMapping(prefix = "kinora.storage")
public interface StorageConfig {

    @WithDefault("kinora-videos")
    String bucket();

    /** Lifetime of presigned download URLs (S3 allows at most 7 days). */
    @WithDefault("PT24H")
    Duration presignExpiry();
}
