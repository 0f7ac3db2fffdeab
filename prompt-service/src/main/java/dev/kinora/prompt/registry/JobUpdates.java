package dev.kinora.prompt.registry;

import dev.kinora.events.contract.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells whoever follows a job (the SSE stream) each new state this replica's registry takes on.
 * Every replica follows every job's events, so any replica can serve any job's stream.
 */
@ApplicationScoped
public class JobUpdates {

    private final Map<String, Set<Consumer<JobState>>> followers = new ConcurrentHashMap<>();

    /** Calls {@code follower} with each new state of the job until the returned handle is closed. */
    public AutoCloseable follow(String jobId, Consumer<JobState> follower) {
        followers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(follower);
        return () -> followers.computeIfPresent(jobId, (id, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    public void changed(JobState state) {
        Set<Consumer<JobState>> set = followers.get(state.jobId());
        if (set != null) {
            set.forEach(f -> f.accept(state));
        }
    }
}
