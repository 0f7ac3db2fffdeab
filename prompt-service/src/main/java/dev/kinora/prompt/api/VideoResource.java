package dev.kinora.prompt.api;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.Cancellation;
import dev.kinora.platform.EventPublisher;
import dev.kinora.prompt.intake.JobIntake;
import dev.kinora.prompt.intake.RequestParser;
import dev.kinora.prompt.intake.RequestRejected;
import dev.kinora.prompt.registry.JobRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The REST face of intake: submit a generation, then follow it by job id or request id. */
@Path("/v1/videos")
@Produces(MediaType.APPLICATION_JSON)
public class VideoResource {

    @Inject
    JobIntake intake;

    @Inject
    JobRegistry registry;

    @Inject
    EventPublisher publisher;

    /** Where storage-service serves finished videos, as callers reach it. */
    @ConfigProperty(name = "kinora.prompt.content-base-url", defaultValue = "http://127.0.0.1:8085")
    String contentBaseUrl;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response submit(byte[] body) {
        try {
            JobIntake.Accepted accepted = intake.submit(RequestParser.parse(body));
            JobView view = JobView.of(accepted.job(), contentBaseUrl);
            // 202 for a new job; 200 when the requestId named a job that already exists.
            return Response.status(accepted.duplicate() ? 200 : 202)
                    .location(URI.create("/v1/videos/" + view.jobId()))
                    .entity(view)
                    .build();
        } catch (RequestRejected e) {
            return Response.status(400).entity(Map.of("reason", e.reason().name(), "message", e.getMessage(),
                    "fields", e.fields())).build();
        }
    }

    @GET
    @Path("/{jobId}")
    public Response get(@PathParam("jobId") String jobId) {
        return registry.get(jobId)
                .map(s -> Response.ok(JobView.of(s, contentBaseUrl)).build())
                .orElseGet(() -> notFound("no job " + jobId));
    }

    /** Asks every stage to stop the job; it ends as one video.failed with reason CANCELLED. */
    @DELETE
    @Path("/{jobId}")
    @Blocking
    public Response cancel(@PathParam("jobId") String jobId) {
        return registry.get(jobId)
                .map(s -> {
                    if (s.state().terminal()) {
                        return Response.status(409).entity(Map.of("reason", "ALREADY_FINISHED",
                                "message", "job " + jobId + " already ended as " + s.state())).build();
                    }
                    publisher.publishJson(Topics.VIDEO_CANCELLATIONS, jobId, CloudEventHeaders.TYPE_CANCELLATION,
                            new Cancellation(jobId, "cancelled through the REST API"));
                    return Response.accepted(JobView.of(s, contentBaseUrl)).build();
                })
                .orElseGet(() -> notFound("no job " + jobId));
    }

    @GET
    public Response byRequestId(@QueryParam("requestId") String requestId) {
        if (requestId == null) {
            return Response.status(400).entity(Map.of("reason", "INVALID_REQUEST", "message", "requestId is required"))
                    .build();
        }
        return registry.byRequestId(requestId)
                .map(s -> Response.ok(JobView.of(s, contentBaseUrl)).build())
                .orElseGet(() -> notFound("no job for request " + requestId));
    }

    private static Response notFound(String message) {
        return Response.status(404).entity(Map.of("reason", "NOT_FOUND", "message", message)).build();
    }
}
