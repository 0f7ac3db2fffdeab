package dev.kinora.prompt.registry;

import dev.kinora.events.CloudEventHeaders;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobState;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.contract.VideoProgress;
import dev.kinora.platform.EventPublisher;
import dev.kinora.prompt.media.StoredVideos;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** video.progress / video.completed / video.failed → the job's state, republished to kinora.jobs. */
@ApplicationScoped
public class JobEventsListener {

    private static final Logger LOG = Logger.getLogger(JobEventsListener.class);

    @Inject
    JobRegistry registry;

    @Inject
    EventPublisher publisher;

    @Inject
    StoredVideos media;

    @Inject
    JobUpdates updates;

    @Incoming("job-events")
    @Blocking
    public void onJobEvent(ConsumerRecord<String, byte[]> record) {
        Optional<JobState> before = registry.get(record.key());
        Optional<JobState> updated;
        try {
            updated = switch (record.topic()) {
                case Topics.VIDEO_PROGRESS -> {
                    VideoProgress p = EventJson.read(record.value(), VideoProgress.class);
                    yield registry.update(p.jobId(), s -> s.progressed(p));
                }
                case Topics.VIDEO_COMPLETED -> {
                    VideoCompleted c = EventJson.read(record.value(), VideoCompleted.class);
                    yield registry.update(c.jobId(), s -> s.completed(c));
                }
                case Topics.VIDEO_FAILED -> {
                    VideoFailed f = EventJson.read(record.value(), VideoFailed.class);
                    yield registry.update(f.jobId(), s -> s.failed(f));
                }
                default -> Optional.empty();
            };
        } catch (IOException e) {
            // An unreadable event cannot change a job; it must not block the partition either.
            LOG.warnf("ignoring unreadable event on %s: %s", record.topic(), e.getMessage());
            return;
        }
        // A video deleted while it was being made: its objects, written after the delete, go too.
        updated.filter(state -> state.deleted() && state.result() != null
                        && before.map(b -> b.result() == null).orElse(false))
                .ifPresent(state -> media.delete(state.jobId()));
        // Only real changes reach kinora.jobs and followers, so replays after a restart write nothing.
        updated.filter(state -> !before.map(b -> sameProgress(b, state)).orElse(false))
                .ifPresent(state -> {
                    publisher.publishJson(Topics.JOBS, state.jobId(), CloudEventHeaders.TYPE_JOB_STATE, state);
                    updates.changed(state);
                });
    }

    private static boolean sameProgress(JobState a, JobState b) {
        return a.state() == b.state() && a.stage() == b.stage() && a.step() == b.step();
    }
}
