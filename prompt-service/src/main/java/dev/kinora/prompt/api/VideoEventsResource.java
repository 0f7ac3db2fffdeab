package dev.kinora.prompt.api;

import dev.kinora.events.contract.JobState;
import dev.kinora.platform.Caller;
import dev.kinora.prompt.registry.JobRegistry;
import dev.kinora.prompt.registry.JobUpdates;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.logging.Logger;

/**
 * Live progress as Server-Sent Events: the video object now, then each time its state, stage or
 * step changes, until the job ends (completed, failed or deleted); the last event is the final
 * object and the stream closes.
 */
@Path("/v1/videos/{videoId}/events")
@Tag(name = "Videos")
public class VideoEventsResource {

    private static final Logger LOG = Logger.getLogger(VideoEventsResource.class);

    @Inject
    JobRegistry registry;

    @Inject
    JobUpdates updates;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a video's progress as Server-Sent Events, until it ends",
            description = "Each event's data is the video object; the stream closes after the final one.")
    public Multi<VideoObject> events(@PathParam("videoId") String videoId) {
        String tenant = caller.tenant();
        JobState start = registry.owned(videoId, tenant).orElseThrow(() -> ApiException.notFound(videoId));
        String baseUrl = uri.getBaseUri().toString();
        return Multi.createFrom().<JobState>emitter(emitter -> {
            // Follow first, then send the current state, so no change falls between the two.
            AutoCloseable following = updates.follow(videoId, state -> {
                emitter.emit(state);
                if (ended(state)) {
                    emitter.complete();
                }
            });
            emitter.onTermination(() -> stop(following));
            JobState now = registry.get(videoId).orElse(start);
            emitter.emit(now);
            if (ended(now)) {
                emitter.complete();
            }
        }).map(state -> VideoObject.of(state, baseUrl));
    }

    private static boolean ended(JobState state) {
        return state.state().terminal() || state.deleted();
    }

    private static void stop(AutoCloseable following) {
        try {
            following.close();
        } catch (Exception e) {
            LOG.debugf("closing a follower failed: %s", e.getMessage());
        }
    }
}
