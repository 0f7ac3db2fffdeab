package dev.kinora.prompt.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kinora.events.contract.JobState;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a tenant's videos, newest first by default, as OpenAI's SDKs page through them:
 * the next page starts {@code after} this page's {@code last_id}.
 */
@Schema(description = "A page of videos.")
public record VideoList(
        @Schema(description = "Always \"list\".") String object,
        @Schema(description = "The videos on this page.") List<VideoObject> data,
        @JsonProperty("first_id") @Schema(description = "Id of the first video on the page.", nullable = true)
        String firstId,
        @JsonProperty("last_id") @Schema(description = "Id of the last video on the page; pass it as after.",
                nullable = true)
        String lastId,
        @JsonProperty("has_more") @Schema(description = "Whether more videos follow this page.") boolean hasMore) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Oldest first, ties broken by id so the order (and so every cursor) is stable. */
    private static final Comparator<JobState> ASCENDING = Comparator
            .comparing((JobState s) -> s.job().acceptedAt())
            .thenComparing(JobState::jobId);

    /**
     * @param after the video the page starts after; it may have been deleted since, its place in the
     *              order is still known
     */
    static VideoList page(List<JobState> jobs, JobState after, Integer limit, String order,
            Function<JobState, VideoObject> view) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ApiException(400, "INVALID_REQUEST", "limit must be from 1 to " + MAX_LIMIT, "limit");
        }
        String direction = order == null ? "desc" : order;
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new ApiException(400, "INVALID_REQUEST", "order must be asc or desc", "order");
        }
        Comparator<JobState> ordering = direction.equals("asc") ? ASCENDING : ASCENDING.reversed();
        List<JobState> sorted = jobs.stream().sorted(ordering).toList();
        int from = 0;
        while (after != null && from < sorted.size() && ordering.compare(sorted.get(from), after) <= 0) {
            from++;
        }
        List<VideoObject> data = sorted.subList(from, Math.min(sorted.size(), from + size)).stream().map(view).toList();
        return new VideoList("list", data, data.isEmpty() ? null : data.get(0).id(),
                data.isEmpty() ? null : data.get(data.size() - 1).id(), from + size < sorted.size());
    }
}
