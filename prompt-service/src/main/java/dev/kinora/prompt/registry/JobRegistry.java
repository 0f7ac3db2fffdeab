package dev.kinora.prompt.registry;

import dev.kinora.events.contract.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Every job this replica knows, by job id and by request id. Filled from {@code kinora.jobs} at
 * start and kept current from the pipeline's events; the topic, not this map, is the record.
 */
@ApplicationScoped
public class JobRegistry {

    private final Map<String, JobState> byJobId = new ConcurrentHashMap<>();
    private final Map<String, String> jobIdByRequestId = new ConcurrentHashMap<>();

    public Optional<JobState> get(String jobId) {
        return Optional.ofNullable(byJobId.get(jobId));
    }

    public Optional<JobState> byRequestId(String requestId) {
        return Optional.ofNullable(jobIdByRequestId.get(requestId)).flatMap(this::get);
    }

    public void put(JobState state) {
        byJobId.put(state.jobId(), state);
        if (state.requestId() != null) {
            jobIdByRequestId.putIfAbsent(state.requestId(), state.jobId());
        }
    }

    /** Applies {@code change} to a known job atomically; returns the new state, or empty if unknown. */
    public Optional<JobState> update(String jobId, UnaryOperator<JobState> change) {
        return Optional.ofNullable(byJobId.computeIfPresent(jobId, (id, s) -> change.apply(s)));
    }

    public int size() {
        return byJobId.size();
    }
}
