package dev.kinora.storage.provenance;

import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.storage.catalog.VideoCatalog;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** What a verifier needs: the deployment's public key, and a video's signed manifest by job id. */
@Path("/v1/provenance")
public class ProvenanceResource {

    @Inject
    ProvenanceSigner signer;

    @Inject
    VideoCatalog catalog;

    @GET
    @Path("/public-key")
    public Response publicKey() {
        return signer.publicKey()
                .map(key -> Response.ok(Ed25519Keys.publicPem(key), "application/x-pem-file").build())
                .orElseGet(() -> notFound("no provenance signing key is configured"));
    }

    @GET
    @Path("/{jobId}")
    @Blocking
    public Response manifest(@PathParam("jobId") String jobId) {
        try {
            return catalog.provenance(jobId)
                    .map(jws -> Response.ok(jws, "application/jose").build())
                    .orElseGet(() -> notFound("no provenance manifest for job " + jobId));
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("reason", "INVALID_REQUEST", "message", e.getMessage()))
                    .type("application/json").build();
        }
    }

    private static Response notFound(String message) {
        return Response.status(404).entity(Map.of("reason", "NOT_FOUND", "message", message)).type("application/json")
                .build();
    }
}
