package dev.kinora.events.storage;

/** How to reach the S3-compatible store. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region) {

    @Override
    public String toString() {
        // Never print the secret.
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
