package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.Cancellation;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.platform.Cancellations;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cancellation and deadlines stop a job between denoising steps and end it as one video.failed. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class CancellationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Cancellations cancellations;

    /** Far more steps than any machine runs before the cancellation or deadline lands (~15 ms a step here). */
    static final int LONG_JOB_STEPS = 2000;

    @Test
    void aJobCancelledMidwayStopsAtTheNextStepAndProducesNoLatents() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            String id = "vid_cancel0001";
            kafka.send(Topics.DENOISE, id, DenoiseStageTest.task(id, 9, LONG_JOB_STEPS).encode());
            kafka.expect(Topics.VIDEO_PROGRESS, r -> r.key().equals(id) && new String(r.value()).contains("\"step\":2,"),
                    1, Duration.ofSeconds(60));
            kafka.send(Topics.VIDEO_CANCELLATIONS, id, EventJson.write(new Cancellation(id, "test")));

            VideoFailed failed = EventJson.read(kafka.expect(Topics.OUTCOMES, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(60)).get(0).value(), VideoFailed.class);
            assertEquals(ReasonCode.CANCELLED, failed.reason());
            assertEquals("denoise", failed.stage());
            int events = kafka.await(Topics.VIDEO_PROGRESS, r -> r.key().equals(id), LONG_JOB_STEPS + 1,
                    Duration.ofSeconds(3)).size();
            assertEquals(true, events < LONG_JOB_STEPS, "stopped before the last step (saw " + events + " events)");
            assertEquals(0, kafka.await(Topics.DECODE, r -> r.key().equals(id), 1, Duration.ofSeconds(3)).size());
            assertEquals(0, kafka.await(Topics.deadLetter(Topics.DENOISE), r -> r.key().equals(id), 1,
                    Duration.ofSeconds(2)).size(), "a cancelled job is not a poison record");
            assertEquals(1, kafka.await(Topics.OUTCOMES, r -> r.key().equals(id), 2, Duration.ofSeconds(2)).size(),
                    "exactly one outcome");
        }
    }

    @Test
    void aJobPastItsDeadlineEndsAsTimeoutBetweenSteps() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            String id = "vid_deadline01";
            DenoiseTask base = DenoiseStageTest.task(id, 9, LONG_JOB_STEPS);
            JobSpec j = base.job();
            JobSpec withDeadline = j.toBuilder().deadline(Instant.now().plusSeconds(4)).build();
            kafka.send(Topics.DENOISE, id, new DenoiseTask(withDeadline, base.textHidden(), base.textMask()).encode());
            VideoFailed failed = EventJson.read(kafka.expect(Topics.OUTCOMES, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(90)).get(0).value(), VideoFailed.class);
            assertEquals(ReasonCode.TIMEOUT, failed.reason());
            assertEquals(0, kafka.await(Topics.DECODE, r -> r.key().equals(id), 1, Duration.ofSeconds(2)).size());
        }
    }

    @Test
    void aJobCancelledBeforeItArrivesNeverStarts() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            String id = "vid_cancel0002";
            kafka.send(Topics.VIDEO_CANCELLATIONS, id, EventJson.write(new Cancellation(id, "test")));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!cancellations.isCancelled(id) && System.nanoTime() < deadline) {
                Thread.sleep(100); // until this replica's cancellation consumer has seen it
            }
            assertEquals(true, cancellations.isCancelled(id), "the cancellation reached the service");
            kafka.send(Topics.DENOISE, id, DenoiseStageTest.task(id, 9, 5).encode());
            VideoFailed failed = EventJson.read(kafka.expect(Topics.OUTCOMES, r -> r.key().equals(id), 1,
                    Duration.ofSeconds(60)).get(0).value(), VideoFailed.class);
            assertEquals(ReasonCode.CANCELLED, failed.reason());
            assertEquals(0, kafka.await(Topics.VIDEO_PROGRESS, r -> r.key().equals(id), 1, Duration.ofSeconds(2)).size());
        }
    }
}
