package dev.kinora.prompt.api;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.Cancellation;
import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.JobState;
import dev.kinora.model.ModelBundle;
import dev.kinora.platform.Caller;
import dev.kinora.platform.EventPublisher;
import dev.kinora.prompt.intake.JobIntake;
import dev.kinora.prompt.media.StoredVideos;
import dev.kinora.prompt.registry.JobRegistry;
import dev.kinora.prompt.registry.JobUpdates;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * OpenAI's Videos API over Kinora's jobs, each call scoped to the caller's tenant (another
 * tenant's video answers 404). Requests go through the same intake as {@code video.requests}, so
 * Kafka and REST jobs share one listing.
 */
@Path("/v1/videos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Videos", description = "OpenAI's Videos API, with Kinora's extension fields.")
public class VideoResource {

    @Inject
    JobIntake intake;

    @Inject
    JobRegistry registry;

    @Inject
    EventPublisher publisher;

    @Inject
    StoredVideos media;

    @Inject
    JobUpdates updates;

    @Inject
    ModelBundle bundle;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    private CreateRequests createRequests;

    @PostConstruct
    void init() {
        createRequests = new CreateRequests(new VideoShape(bundle.manifest().video()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Create a video from a JSON body",
            description = "OpenAI's fields (prompt, model, seconds, size) plus Kinora's (requestId, negativePrompt, "
                    + "seed, steps, guidanceScale, scheduler, width, height, frames, metadata, deadline). 202 for a "
                    + "new job; 200 with the earlier job when the requestId was seen before.")
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = CreateVideoBody.class)))
            byte[] body) {
        return accepted(intake.submit(createRequests.fromJson(body), caller.tenant(), null));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Create a video from a form, as OpenAI's SDKs send it",
            description = "The same fields as the JSON body, each a form field; metadata is JSON text. "
                    + "input_reference answers 400 MODE_NOT_AVAILABLE.")
    public Response createFromForm(@RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = CreateVideoBody.class))) MultipartFormDataInput form) {
        Set<String> files = new HashSet<>();
        return accepted(intake.submit(createRequests.fromForm(textFields(form, files), files), caller.tenant(), null));
    }

    @GET
    @Path("/{videoId}")
    @Operation(summary = "Retrieve a video")
    public VideoObject retrieve(@PathParam("videoId") String videoId) {
        return view(owned(videoId));
    }

    @GET
    @Operation(summary = "List the caller's videos",
            description = "Newest first unless order=asc; page with after=<last_id of the previous page>.")
    public VideoList list(
            @QueryParam("after") @Parameter(description = "The id after which the page starts.") String after,
            @QueryParam("limit") @Parameter(description = "Videos per page, 1 to 100 (default 20).") Integer limit,
            @QueryParam("order") @Parameter(description = "asc or desc (default) by creation time.") String order,
            @QueryParam("requestId") @Parameter(description = "Kinora: only the job with this request id.")
            String requestId) {
        var jobs = registry.ofTenant(caller.tenant()).stream()
                .filter(s -> requestId == null || requestId.equals(s.requestId()))
                .toList();
        JobState start = after == null ? null : registry.get(after).filter(this::ownedByCaller)
                .orElseThrow(() -> new ApiException(400, "INVALID_REQUEST", "after names no video of yours: " + after,
                        "after"));
        return VideoList.page(jobs, start, limit, order, this::view);
    }

    /**
     * Cancels the job if it is still running (it ends as one video.failed, reason CANCELLED), then
     * marks it deleted on kinora.jobs and removes its stored objects.
     */
    @DELETE
    @Path("/{videoId}")
    @Blocking
    @Operation(summary = "Delete a video", description = "Cancels it first when it is still being made.")
    public VideoDeleted delete(@PathParam("videoId") String videoId) {
        JobState job = owned(videoId);
        if (!job.state().terminal()) {
            publisher.publishJson(Topics.VIDEO_CANCELLATIONS, videoId, CloudEventHeaders.TYPE_CANCELLATION,
                    new Cancellation(videoId, "deleted through the REST API"));
        }
        // Marked first: an outcome that arrives after this point removes its own objects.
        registry.update(videoId, s -> s.markedDeleted(Instant.now())).ifPresent(deleted -> {
            publisher.publishJson(Topics.JOBS, videoId, CloudEventHeaders.TYPE_JOB_STATE, deleted);
            updates.changed(deleted);
        });
        media.delete(videoId);
        return new VideoDeleted(videoId, "video.deleted", true);
    }

    @GET
    @Path("/{videoId}/content")
    @Produces(MediaType.WILDCARD) // the variant decides: video/mp4 or image/png (errors are JSON)
    @Blocking
    @Operation(summary = "Download a finished video, its thumbnail or its spritesheet")
    public Response content(@PathParam("videoId") String videoId,
            @QueryParam("variant") @Parameter(description = "video (default, MP4), thumbnail (PNG of the middle "
                    + "frame) or spritesheet (PNG grid of up to 16 frames).") String variant) {
        StoredVideos.Variant which = variantOf(variant);
        JobState job = owned(videoId);
        if (job.result() == null) {
            throw new ApiException(409, "VIDEO_NOT_READY", "video " + videoId + " is " + VideoObject.status(job.state())
                    + "; content exists once it is completed", null);
        }
        byte[] bytes = media.read(job, which).orElseThrow(() -> new ApiException(404, "NOT_FOUND",
                "video " + videoId + " has no " + which.name().toLowerCase(Locale.ROOT), "variant"));
        return Response.ok(bytes, which.mediaType())
                .header("Content-Disposition", "inline; filename=\"" + which.fileName(videoId) + "\"")
                .build();
    }

    @POST
    @Path("/{videoId}/remix")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Remix a video: a new prompt with the same seed, size, seconds and settings",
            description = "The body's prompt replaces the source's; requestId, metadata and deadline may be given too.")
    public Response remix(@PathParam("videoId") String videoId,
            @RequestBody(content = @Content(schema = @Schema(implementation = CreateVideoBody.Remix.class))) byte[] body) {
        return remix(owned(videoId), createRequests.fromJson(body));
    }

    @POST
    @Path("/{videoId}/remix")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Remix a video, from a form")
    public Response remixFromForm(@PathParam("videoId") String videoId,
            @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                    schema = @Schema(implementation = CreateVideoBody.Remix.class))) MultipartFormDataInput form) {
        Set<String> files = new HashSet<>();
        return remix(owned(videoId), createRequests.fromForm(textFields(form, files), files));
    }

    @POST
    @Path("/extensions")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Extend a video (not available yet: 400 MODE_NOT_AVAILABLE)")
    public Response extend() {
        throw ApiException.modeNotAvailable("Extending a video", null);
    }

    @POST
    @Path("/edits")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Edit a video (not available yet: 400 MODE_NOT_AVAILABLE)")
    public Response edit() {
        throw ApiException.modeNotAvailable("Editing a video", null);
    }

    private Response remix(JobState source, GenerationRequest asked) {
        JobSpec s = source.job();
        GenerationRequest remix = new GenerationRequest(asked.requestId(), asked.prompt(), s.negativePrompt(), s.width(),
                s.height(), s.frames(), null, s.fps(), s.steps(), s.scheduler(), s.guidanceScale(), s.cacheThreshold(),
                s.seed(), s.model(),
                asked.metadata(), asked.deadline());
        return accepted(intake.submit(remix, caller.tenant(), source.jobId()));
    }

    private Response accepted(JobIntake.Accepted accepted) {
        VideoObject video = view(accepted.job());
        // 202 for a new job; 200 when the requestId named a job that already exists.
        return Response.status(accepted.duplicate() ? 200 : 202)
                .location(URI.create("/v1/videos/" + video.id()))
                .entity(video)
                .build();
    }

    private VideoObject view(JobState s) {
        return VideoObject.of(s, uri.getBaseUri().toString());
    }

    private boolean ownedByCaller(JobState s) {
        return s.tenant().equals(caller.tenant());
    }

    /** The caller's video; another tenant's, a deleted or an unknown one are all simply not found. */
    private JobState owned(String videoId) {
        return registry.owned(videoId, caller.tenant()).orElseThrow(() -> ApiException.notFound(videoId));
    }

    private static StoredVideos.Variant variantOf(String variant) {
        try {
            return variant == null ? StoredVideos.Variant.VIDEO
                    : StoredVideos.Variant.valueOf(variant.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "INVALID_REQUEST", "variant must be video, thumbnail or spritesheet", "variant");
        }
    }

    /** The form's text fields; the names of its file parts go to {@code files}. */
    private static Map<String, String> textFields(MultipartFormDataInput form, Set<String> files) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.getValues().forEach((name, values) -> {
            for (FormValue value : values) {
                if (value.isFileItem()) {
                    files.add(name);
                } else {
                    fields.put(name, value.getValue());
                }
            }
        });
        return fields;
    }
}
