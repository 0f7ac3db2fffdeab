package dev.kinora.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.provenance.ProvenanceJws;
import dev.kinora.provenance.ProvenanceManifest;
import dev.kinora.provenance.VideoVerification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kinora verify` on real files: a signed video passes, any change to it or to the signer fails. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path video;
    Path publicKey;
    KeyPair keys;

    @BeforeEach
    void signAVideo() throws Exception {
        Path priv = dir.resolve("state/provenance-signing.pem");
        publicKey = dir.resolve("state/provenance-public.pem");
        Ed25519Keys.ensure(priv, publicKey);
        keys = new KeyPair(Ed25519Keys.readPublic(Files.readString(publicKey)), Ed25519Keys.readPrivate(Files.readString(priv)));
        byte[] bytes = new byte[20_000];
        new Random(3).nextBytes(bytes);
        video = dir.resolve("v.mp4");
        Files.write(video, bytes);
        Files.writeString(Path.of(video + VerifyCommand.MANIFEST_SUFFIX), sign(bytes, keys));
    }

    static String sign(byte[] bytes, KeyPair keys) {
        return ProvenanceJws.sign(new ProvenanceManifest(ProvenanceManifest.FORMAT, ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA,
                "vid_clitest0000000000000001", VideoVerification.sha256(bytes), bytes.length, "tiny-shapes", "v1", "ab",
                "2026-12-03T18:30:00Z", "test"), keys.getPrivate(), keys.getPublic());
    }

    int verify(String... args) {
        return new VerifyCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), () -> publicKey).run(List.of(args));
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedVideoVerifiesWithTheDefaultManifestAndKey() {
        assertEquals(0, verify(video.toString()), errors());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("vid_clitest0000000000000001"));
    }

    @Test
    void oneFlippedByteFails() throws Exception {
        byte[] bytes = Files.readAllBytes(video);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(video, bytes);
        assertEquals(1, verify(video.toString()));
        assertTrue(errors().contains("NOT VERIFIED") && errors().contains("the file has changed"), errors());
    }

    @Test
    void aManifestSignedByAnotherKeyFails() throws Exception {
        Path forged = dir.resolve("forged.jws");
        Files.writeString(forged, sign(Files.readAllBytes(video), Ed25519Keys.generate()));
        assertEquals(1, verify(video.toString(), "--manifest", forged.toString()));
        assertTrue(errors().contains("does not verify"), errors());
    }

    @Test
    void anotherKeyGivenOnTheCommandLineFails() throws Exception {
        Path other = dir.resolve("other.pem");
        Files.writeString(other, Ed25519Keys.publicPem(Ed25519Keys.generate().getPublic()));
        assertEquals(1, verify(video.toString(), "--key", other.toString()));
    }

    @Test
    void aKeyOnTheCommandLineNeedsNoCheckout() {
        VerifyCommand outsideACheckout = new VerifyCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
                    throw new IllegalStateException("cannot find the Kinora checkout");
                });
        assertEquals(0, outsideACheckout.run(List.of(video.toString(), "--key", publicKey.toString())), errors());
        assertEquals(1, outsideACheckout.run(List.of(video.toString())));
        assertTrue(errors().contains("cannot find the Kinora checkout"), errors());
    }

    @Test
    void aMissingManifestOrFileIsNamed() throws Exception {
        Files.delete(Path.of(video + VerifyCommand.MANIFEST_SUFFIX));
        assertEquals(1, verify(video.toString()));
        assertTrue(errors().contains("no manifest"), errors());
        assertEquals(2, verify());
        assertEquals(2, verify(video.toString(), "--bogus"));
    }
}
