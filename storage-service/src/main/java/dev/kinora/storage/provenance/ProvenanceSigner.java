package dev.kinora.storage.provenance;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.provenance.ProvenanceJws;
import dev.kinora.provenance.ProvenanceManifest;
import dev.kinora.provenance.VideoVerification;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs each video's provenance manifest (JWS, Ed25519) with the key from configuration; the
 * manifest is stored beside the video and {@code kinora verify} checks a file against it. Without
 * a key, videos are stored unsigned and start-up says so.
 */
@ApplicationScoped
public class ProvenanceSigner {

    private static final Logger LOG = Logger.getLogger(ProvenanceSigner.class);

    /** PKCS#8 PEM of the Ed25519 signing key (the local stack generates one in .kinora/). */
    @ConfigProperty(name = "kinora.provenance.signing-key-file")
    Optional<String> signingKeyFile;

    /** Its public half, served at /v1/provenance/public-key for verifiers. */
    @ConfigProperty(name = "kinora.provenance.public-key-file")
    Optional<String> publicKeyFile;

    private PrivateKey signingKey;
    private PublicKey publicKey;

    @PostConstruct
    void load() {
        if (signingKeyFile.isEmpty() || publicKeyFile.isEmpty()) {
            LOG.warn("kinora.provenance.signing-key-file and public-key-file are not both set: videos are stored"
                    + " without a signed provenance manifest");
            return;
        }
        signingKey = Ed25519Keys.readPrivate(read(signingKeyFile.get()));
        publicKey = Ed25519Keys.readPublic(read(publicKeyFile.get()));
        LOG.infof("signing provenance manifests with key %s", Ed25519Keys.keyId(publicKey));
    }

    /** The signed manifest of this video, or empty when no key is configured. */
    public Optional<byte[]> sign(JobSpec job, byte[] video) {
        if (signingKey == null) {
            return Optional.empty();
        }
        ProvenanceManifest manifest = new ProvenanceManifest(ProvenanceManifest.FORMAT,
                ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA, job.jobId(), VideoVerification.sha256(video), video.length,
                job.model(), job.modelVersion(), job.modelSha256(), Instant.now().toString(), "kinora storage-service");
        return Optional.of(ProvenanceJws.sign(manifest, signingKey, publicKey).getBytes(StandardCharsets.US_ASCII));
    }

    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read provenance key " + file, e);
        }
    }
}
