package dev.kinora.events.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The object-store operations Kinora needs, over the MinIO client. Keys are checked so a job id
 * or file name can never climb out of its prefix.
 */
public final class ObjectStore {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,511}");

    private final MinioClient client;

    public ObjectStore(S3Settings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
    }

    public void ensureBucket(String bucket) {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    public boolean bucketExists(String bucket) {
        return call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> userMetadata) {
        requireSafeKey(key);
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .userMetadata(userMetadata)
                .build()));
    }

    public byte[] get(String bucket, String key) {
        requireSafeKey(key);
        return call(() -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** The object's bytes, or empty when it does not exist. */
    public Optional<byte[]> find(String bucket, String key) {
        requireSafeKey(key);
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StoreException("get " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StoreException("get " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes the object; removing one that does not exist is not an error. */
    public void delete(String bucket, String key) {
        requireSafeKey(key);
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private static boolean isMissing(ErrorResponseException e) {
        return "NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code());
    }

    /** The object's size and metadata, or empty when it does not exist. */
    public Optional<StatObjectResponse> stat(String bucket, String key) {
        requireSafeKey(key);
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StoreException("stat " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StoreException("stat " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    public String presignedGet(String bucket, String key, Duration expiry) {
        requireSafeKey(key);
        return call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET)
                .bucket(bucket)
                .object(key)
                .expiry((int) expiry.toSeconds())
                .build()));
    }

    public static void requireSafeKey(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..") || key.contains("//")) {
            throw new IllegalArgumentException("object key '" + key + "' is not allowed");
        }
    }

    private interface StoreCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(StoreCall<T> op) {
        try {
            return op.run();
        } catch (StoreException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("object store call failed: " + e.getMessage(), e);
        }
    }
}
