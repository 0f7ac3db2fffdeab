package dev.kinora.events.claim;

/** What a record carries instead of a payload too large for Kafka: where the bytes are and their hash. */
public record ClaimReference(String bucket, String key, long bytes, String sha256) {}
