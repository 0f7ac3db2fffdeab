package dev.kinora.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoVerificationTest {

    static final KeyPair KEYS = Ed25519Keys.generate();

    static byte[] video() {
        byte[] bytes = new byte[50_000];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    static String manifestFor(byte[] video, KeyPair keys) {
        ProvenanceManifest m = new ProvenanceManifest(ProvenanceManifest.FORMAT, ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA,
                "vid_verifytest000000000001", VideoVerification.sha256(video), video.length, "tiny-shapes", "v1", "ab12",
                "2026-12-03T18:30:00Z", "kinora storage-service");
        return ProvenanceJws.sign(m, keys.getPrivate(), keys.getPublic());
    }

    @Test
    void aValidFileVerifies() throws Exception {
        byte[] video = video();
        ProvenanceManifest m = VideoVerification.verify(video, manifestFor(video, KEYS), KEYS.getPublic());
        assertEquals("vid_verifytest000000000001", m.jobId());
        assertEquals(ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA, m.digitalSourceType());
    }

    @Test
    void oneFlippedByteAnywhereFails() {
        byte[] video = video();
        String jws = manifestFor(video, KEYS);
        for (int at : new int[] {0, video.length / 2, video.length - 1}) {
            byte[] changed = video.clone();
            changed[at] ^= 0x01;
            ProvenanceException e = assertThrows(ProvenanceException.class,
                    () -> VideoVerification.verify(changed, jws, KEYS.getPublic()));
            assertTrue(e.getMessage().contains("the file has changed"), e.getMessage());
        }
    }

    @Test
    void aManifestSignedByAnotherKeyFails() {
        byte[] video = video();
        String forged = manifestFor(video, Ed25519Keys.generate());
        ProvenanceException e = assertThrows(ProvenanceException.class,
                () -> VideoVerification.verify(video, forged, KEYS.getPublic()));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void anEditedManifestFails() {
        byte[] video = video();
        String[] parts = manifestFor(video, KEYS).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("vid_verifytest000000000001", "vid_someoneelse00000000001");
        String edited = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(
                StandardCharsets.UTF_8)) + "." + parts[2];
        assertThrows(ProvenanceException.class, () -> VideoVerification.verify(video, edited, KEYS.getPublic()));
    }

    @Test
    void anUnsignedManifestFails() {
        byte[] video = video();
        String[] parts = manifestFor(video, KEYS).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        ProvenanceException e = assertThrows(ProvenanceException.class,
                () -> VideoVerification.verify(video, none + "." + parts[1] + ".", KEYS.getPublic()));
        assertTrue(e.getMessage().contains("only EdDSA"), e.getMessage());
    }

    @Test
    void keysAreGeneratedOnceAndThePrivateOneIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path priv = dir.resolve("state/provenance-signing.pem");
        Path pub = dir.resolve("state/provenance-public.pem");
        var first = Ed25519Keys.ensure(priv, pub);
        var again = Ed25519Keys.ensure(priv, pub);
        assertEquals(first, again, "the second start keeps the key");
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(priv));
        byte[] video = video();
        String jws = ProvenanceJws.sign(new ProvenanceManifest(1, ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA, "j",
                VideoVerification.sha256(video), video.length, "m", "v", "s", "t", "g"), first,
                Ed25519Keys.readPublic(Files.readString(pub)));
        VideoVerification.verify(video, jws, Ed25519Keys.readPublic(Files.readString(pub)));
    }
}
