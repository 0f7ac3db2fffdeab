package dev.kinora.provenance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** A video against its signed manifest: the signature first, then the exact bytes. */
public final class VideoVerification {

    private VideoVerification() {}

    /** The verified manifest, or an exception that says what does not match. */
    public static ProvenanceManifest verify(byte[] video, String jws, PublicKey key) throws ProvenanceException {
        ProvenanceManifest manifest = ProvenanceJws.verify(jws, key);
        String sha256 = sha256(video);
        if (!sha256.equalsIgnoreCase(manifest.videoSha256())) {
            throw new ProvenanceException("the file has changed: its sha256 is " + sha256 + ", the signed manifest says "
                    + manifest.videoSha256() + " (" + manifest.videoBytes() + " bytes; the file has " + video.length + ")");
        }
        return manifest;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
