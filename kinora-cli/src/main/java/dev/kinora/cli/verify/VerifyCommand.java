package dev.kinora.cli.verify;

import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.provenance.ProvenanceException;
import dev.kinora.provenance.ProvenanceManifest;
import dev.kinora.provenance.VideoVerification;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code kinora verify FILE [--manifest M] [--key PUB]}: checks a video against its signed
 * provenance manifest. Exit 0 when the signature verifies and the file is byte for byte the one
 * signed; 1 with the reason otherwise; 2 for a usage error.
 */
public final class VerifyCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final String USAGE = "usage: kinora verify FILE [--manifest provenance.jws] [--key public.pem]";

    /** Where {@code generate} and a download beside the video put the manifest: FILE + this suffix. */
    public static final String MANIFEST_SUFFIX = ".provenance.jws";

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Path> defaultKey;

    /** {@code defaultKey}: the local stack's public key, looked up only when --key is not given. */
    public VerifyCommand(PrintStream out, PrintStream err, Supplier<Path> defaultKey) {
        this.out = out;
        this.err = err;
        this.defaultKey = defaultKey;
    }

    public int run(List<String> args) {
        Path file = null;
        Path manifest = null;
        Path key = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--manifest") || a.equals("--key")) && i + 1 < args.size()) {
                Path value = Path.of(args.get(++i));
                if (a.equals("--manifest")) {
                    manifest = value;
                } else {
                    key = value;
                }
            } else if (!a.startsWith("--") && file == null) {
                file = Path.of(a);
            } else {
                return usage("unexpected argument: " + a);
            }
        }
        if (file == null) {
            return usage("a FILE to verify is required");
        }
        if (manifest == null) {
            manifest = Path.of(file + MANIFEST_SUFFIX);
        }
        try {
            if (key == null) {
                key = defaultKey.get();
            }
            byte[] video = read(file, "video");
            String jws = new String(read(manifest, "manifest (pass --manifest; storage keeps it as <jobId>/provenance.jws)"),
                    java.nio.charset.StandardCharsets.US_ASCII);
            PublicKey publicKey = Ed25519Keys.readPublic(new String(read(key, "public key (pass --key)"),
                    java.nio.charset.StandardCharsets.US_ASCII));
            ProvenanceManifest m = VideoVerification.verify(video, jws, publicKey);
            out.printf("verified: %s is the video of job %s, made by model %s %s at %s (%s), signed by key %s%n",
                    file, m.jobId(), m.model(), m.modelVersion(), m.createdAt(), m.digitalSourceType(),
                    Ed25519Keys.keyId(publicKey));
            return EXIT_OK;
        } catch (ProvenanceException e) {
            err.println("NOT VERIFIED: " + file + ": " + e.getMessage());
            return EXIT_FAILED;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private static byte[] read(Path path, String what) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("no " + what + " at " + path);
        }
        return Files.readAllBytes(path);
    }

    private int usage(String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return EXIT_USAGE;
    }
}
