package dev.kinora.events.contract;

/** An object in the store, with a presigned URL for downloading it without credentials. */
public record StoredObject(String bucket, String key, String url, String contentType, long bytes, String sha256) {}
