package dev.kinora.provenance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A manifest as a JWS in compact serialization (RFC 7515) signed with Ed25519 ({@code alg}
 * EdDSA, RFC 8037): any JOSE library can check it, and {@code kinora verify} does with the JDK alone.
 * The header names the key ({@code kid}: the public key's sha256 prefix) so keys can rotate.
 */
public final class ProvenanceJws {

    public static final String TYPE = "kinora-provenance+jws";
    private static final String ALG = "EdDSA";
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ProvenanceJws() {}

    public static String sign(ProvenanceManifest manifest, PrivateKey key, PublicKey publicKey) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", ALG);
        header.put("typ", TYPE);
        header.put("kid", Ed25519Keys.keyId(publicKey));
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(manifest));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the provenance manifest: " + e.getMessage(), e);
        }
    }

    /** The manifest, once its signature verifies with the key; nothing is trusted before that. */
    public static ProvenanceManifest verify(String jws, PublicKey key) throws ProvenanceException {
        String[] parts = jws.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new ProvenanceException("the manifest is not a compact JWS (three base64url parts separated by dots)");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!ALG.equals(header.path("alg").asText())) {
                throw new ProvenanceException("the manifest is signed with alg '" + header.path("alg").asText()
                        + "'; only EdDSA (Ed25519) is accepted");
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new ProvenanceException("the manifest's signature does not verify with key "
                        + Ed25519Keys.keyId(key) + " (manifest names key " + header.path("kid").asText() + ")");
            }
            return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), ProvenanceManifest.class);
        } catch (IllegalArgumentException | IOException e) {
            throw new ProvenanceException("the manifest cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException("the manifest's signature cannot be checked: " + e.getMessage(), e);
        }
    }
}
