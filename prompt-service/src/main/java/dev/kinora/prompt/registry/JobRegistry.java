package dev.kinora.prompt.registry;

import dev.kinora.events.contract.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Every job this replica knows, by job id and by its tenant's request id. Filled from
 * {@code kinora.jobs} at start and kept current from the pipeline's events; the topic, not this
 * map, is the record. Deleted jobs stay (marked), so a late event cannot bring one back.
 */
@ApplicationScoped
public class JobRegistry {

    private final Map<String, JobState> byJobId = new ConcurrentHashMap<>();
    private final Map<String, String> jobIdByRequestId = new ConcurrentHashMap<>();

    public Optional<JobState> get(String jobId) {
        return Optional.ofNullable(byJobId.get(jobId));
    }

    /** The tenant's own live job: another tenant's, a deleted and an unknown one are all empty. */
    public Optional<JobState> owned(String jobId, String tenant) {
        return get(jobId).filter(s -> !s.deleted() && s.tenant().equals(tenant));
    }

    /** The tenant's live (not deleted) job with this request id. */
    public Optional<JobState> byRequestId(String tenant, String requestId) {
        return Optional.ofNullable(jobIdByRequestId.get(requestKey(tenant, requestId))).flatMap(this::get)
                .filter(s -> !s.deleted());
    }

    public void put(JobState state) {
        byJobId.put(state.jobId(), state);
        if (state.requestId() != null && !state.deleted()) {
            // A request id whose job was deleted may name a new job.
            jobIdByRequestId.merge(requestKey(state.tenant(), state.requestId()), state.jobId(),
                    (earlier, now) -> get(earlier).filter(s -> !s.deleted()).isPresent() ? earlier : now);
        }
    }

    /** Applies {@code change} to a known job atomically; returns the new state, or empty if unknown. */
    public Optional<JobState> update(String jobId, UnaryOperator<JobState> change) {
        return Optional.ofNullable(byJobId.computeIfPresent(jobId, (id, s) -> change.apply(s)));
    }

    /** The tenant's live jobs, in no particular order. */
    public List<JobState> ofTenant(String tenant) {
        return byJobId.values().stream().filter(s -> !s.deleted() && s.tenant().equals(tenant)).toList();
    }

    public int size() {
        return byJobId.size();
    }

    private static String requestKey(String tenant, String requestId) {
        return tenant + '\u0000' + requestId;
    }
}
