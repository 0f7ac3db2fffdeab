package dev.kinora.storage.api;

import dev.kinora.storage.catalog.VideoCatalog;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Serves a finished video by job id, for callers that do not use the presigned URL. */
@Path("/v1/videos/{jobId}/content")
public class VideoContentResource {

    @Inject
    VideoCatalog catalog;

    @GET
    @Blocking
    public Response content(@PathParam("jobId") String jobId) {
        try {
            return catalog.video(jobId)
                    .map(bytes -> Response.ok(bytes, "video/mp4")
                            .header("Content-Disposition", "inline; filename=\"" + jobId + ".mp4\"")
                            .build())
                    .orElseGet(() -> Response.status(404)
                            .entity(Map.of("reason", "NOT_FOUND", "message", "no video for job " + jobId))
                            .type("application/json").build());
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("reason", "INVALID_REQUEST", "message", e.getMessage()))
                    .type("application/json").build();
        }
    }
}
