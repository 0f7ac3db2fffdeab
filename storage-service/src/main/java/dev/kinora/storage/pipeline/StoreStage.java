package dev.kinora.storage.pipeline;

import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.payload.StoreTask;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.StageRunner;
import dev.kinora.storage.catalog.VideoCatalog;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** kinora.store → video bucket (video, poster, spritesheet, metadata) → kinora.outcomes (completed). */
@ApplicationScoped
public class StoreStage {

    @Inject
    VideoCatalog catalog;

    @Inject
    StageRunner runner;

    @Inject
    EventPublisher publisher;

    @Incoming("store-tasks")
    @Blocking
    public void onStoreTask(ConsumerRecord<String, byte[]> record) {
        runner.runTask(Stage.STORE, record, StoreTask::decode,
                StoreTask::job, (task, job, clock) -> {
                    VideoCompleted completed = catalog.store(job, task.video(), task.poster(), task.spritesheet(), clock);
                    publisher.completed(completed);
                });
    }
}
