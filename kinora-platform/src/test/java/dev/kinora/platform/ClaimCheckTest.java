package dev.kinora.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.EventJson;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.claim.ClaimReference;
import dev.kinora.events.storage.ObjectStore;
import dev.kinora.events.storage.S3Settings;
import dev.kinora.events.tensor.MalformedPayloadException;
import dev.kinora.testkit.LocalStackProcess;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Claim check both ways against a real S3 server (S3Proxy in the local stack). */
@Tag("service")
class ClaimCheckTest {

    static LocalStackProcess stack;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        stack = LocalStackProcess.start();
        store = new ObjectStore(new S3Settings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), "us-east-1"));
        store.ensureBucket(ClaimCheck.SCRATCH_BUCKET);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void smallPayloadTravelsInline() {
        ClaimCheck claims = new ClaimCheck(store, ClaimCheck.SCRATCH_BUCKET, 1024);
        byte[] payload = new byte[1024];
        ClaimCheck.Outgoing out = claims.offload("vid_small0001", "denoise", payload);
        assertEquals(ClaimCheck.INLINE, out.form());
        RecordHeaders headers = new RecordHeaders();
        out.addTo(headers);
        assertArrayEquals(payload, claims.resolve(out.value(), headers));
    }

    @Test
    void largePayloadGoesThroughTheScratchBucketAndComesBackIdentical() throws Exception {
        ClaimCheck claims = new ClaimCheck(store, ClaimCheck.SCRATCH_BUCKET, 1024 * 1024);
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        ClaimCheck.Outgoing out = claims.offload("vid_large0001", "decode", payload);
        assertEquals(ClaimCheck.REFERENCE, out.form());
        assertTrue(out.value().length < 1024, "the record carries only a reference");
        ClaimReference ref = EventJson.read(out.value(), ClaimReference.class);
        assertEquals(payload.length, ref.bytes());
        assertTrue(store.stat(ref.bucket(), ref.key()).isPresent());

        RecordHeaders headers = new RecordHeaders();
        out.addTo(headers);
        assertArrayEquals(payload, claims.resolve(out.value(), headers));

        // The same payload offloaded again (a retried stage) lands on the same key.
        assertEquals(ref, EventJson.read(claims.offload("vid_large0001", "decode", payload).value(), ClaimReference.class));
    }

    @Test
    void tamperedObjectIsRejected() throws Exception {
        ClaimCheck claims = new ClaimCheck(store, ClaimCheck.SCRATCH_BUCKET, 16);
        byte[] payload = new byte[64];
        new Random(3).nextBytes(payload);
        ClaimCheck.Outgoing out = claims.offload("vid_tamper001", "store", payload);
        ClaimReference ref = EventJson.read(out.value(), ClaimReference.class);
        byte[] altered = payload.clone();
        altered[0] ^= 1;
        store.put(ref.bucket(), ref.key(), altered, "application/octet-stream", Map.of());
        assertNotEquals(ClaimCheck.sha256(payload), ClaimCheck.sha256(altered));
        RecordHeaders headers = new RecordHeaders();
        out.addTo(headers);
        assertThrows(MalformedPayloadException.class, () -> claims.resolve(out.value(), headers));
    }

    @Test
    void keysCannotEscapeTheirPrefix() {
        assertThrows(IllegalArgumentException.class, () -> ObjectStore.requireSafeKey("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ObjectStore.requireSafeKey("a/../../b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectStore.requireSafeKey("/absolute"));
        ObjectStore.requireSafeKey("vid_abc/video.mp4");
    }
}
