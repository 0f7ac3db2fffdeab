package dev.kinora.events.claim;

import dev.kinora.events.EventJson;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.events.tensor.MalformedPayloadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The claim-check pattern for tensor and media payloads: a payload above the threshold is put
 * in the scratch bucket and the record carries a {@link ClaimReference}. A header says which form
 * a record holds, so consumers resolve either through {@link #resolve}.
 */
public final class ClaimCheck {

    /** Header naming the payload form: {@value #INLINE} or {@value #REFERENCE}. */
    public static final String PAYLOAD_HEADER = "kinora-payload";
    public static final String INLINE = "inline";
    public static final String REFERENCE = "claim-check";
    public static final String SCRATCH_BUCKET = "kinora-scratch";
    public static final int DEFAULT_THRESHOLD_BYTES = 1024 * 1024;

    private final ObjectStore store;
    private final String bucket;
    private final int thresholdBytes;

    public ClaimCheck(ObjectStore store, String bucket, int thresholdBytes) {
        this.store = store;
        this.bucket = bucket;
        this.thresholdBytes = thresholdBytes;
    }

    /** A record value and the payload header to send with it. */
    public record Outgoing(byte[] value, String form) {
        public void addTo(Headers headers) {
            headers.remove(PAYLOAD_HEADER);
            headers.add(PAYLOAD_HEADER, form.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Returns the payload itself when small, else stores it under a key derived from the job, the
     * stage and the content hash, so a retried stage writes the same object again.
     */
    public Outgoing offload(String jobId, String stage, byte[] payload) {
        if (payload.length <= thresholdBytes) {
            return new Outgoing(payload, INLINE);
        }
        String sha = sha256(payload);
        String key = "claims/" + jobId + "/" + stage + "-" + sha.substring(0, 16) + ".bin";
        store.put(bucket, key, payload, "application/octet-stream", Map.of("sha256", sha));
        ClaimReference ref = new ClaimReference(bucket, key, payload.length, sha);
        return new Outgoing(EventJson.write(ref), REFERENCE);
    }

    /** The payload bytes, fetched and verified when the record holds a reference. */
    public byte[] resolve(byte[] value, Headers headers) {
        Header form = headers == null ? null : headers.lastHeader(PAYLOAD_HEADER);
        if (form == null || INLINE.equals(new String(form.value(), StandardCharsets.UTF_8))) {
            return value;
        }
        ClaimReference ref;
        try {
            ref = EventJson.read(value, ClaimReference.class);
        } catch (IOException e) {
            throw new MalformedPayloadException("claim-check reference is not valid JSON: " + e.getMessage());
        }
        if (ref.bucket() == null || ref.key() == null || ref.sha256() == null) {
            throw new MalformedPayloadException("claim-check reference lacks bucket, key or sha256");
        }
        byte[] bytes = store.get(ref.bucket(), ref.key());
        if (bytes.length != ref.bytes() || !sha256(bytes).equals(ref.sha256())) {
            throw new MalformedPayloadException("claim-checked object " + ref.bucket() + "/" + ref.key()
                    + " does not match its reference (size or sha256 differ)");
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
