package dev.kinora.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kinora.s3.*}: where the object store is and how to sign in. */
@ConfigMapping(prefix = "kinora.s3")
public interface S3Config {

    /** S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("kinora")
    String accessKey();

    /** Local-stack default only; production sets it from a secret. */
    @WithDefault("kinora-local-secret")
    String secretKey();

    @WithDefault("us-east-1")
    String region();

    /** Bucket for claim-checked payloads; expires by lifecycle in production. */
    @WithDefault("kinora-scratch")
    String scratchBucket();

    /** Payloads above this many bytes travel by claim check instead of inline. */
    @WithDefault("1048576")
    int claimCheckThresholdBytes();
}
