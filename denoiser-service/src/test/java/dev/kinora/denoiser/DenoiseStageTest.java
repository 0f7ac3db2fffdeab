package dev.kinora.denoiser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.contract.VideoProgress;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.events.tensor.DType;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The denoiser-service against a real broker and S3 server: kinora.denoise in, kinora.decode out. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class DenoiseStageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ClaimCheck claims;

    static DenoiseTask task(String id, long seed, int steps) {
        return task(id, seed, steps, null);
    }

    static DenoiseTask task(String id, long seed, int steps, String scheduler) {
        return task(id, seed, steps, scheduler, null);
    }

    static DenoiseTask task(String id, long seed, int steps, String scheduler, Double cacheThreshold) {
        JobSpec job = JobSpec.builder().cacheThreshold(cacheThreshold).jobId(id).requestId("req-" + id).prompt("a red circle").size(64, 64).frames(17)
                .fps(8).steps(steps).scheduler(scheduler).guidanceScale(4.0).seed(seed).model("tiny-shapes", "v", "sha")
                .acceptedAt(Instant.now()).stageMillis(Map.of("encode", 5L)).build();
        int tokens = 4;
        float[] hidden = new float[2 * tokens * 384];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) Math.sin(i * 0.37);
        }
        byte[] mask = {1, 1, 1, 1, 1, 1, 0, 0};
        return new DenoiseTask(job, Tensor.f16(new long[] {2, tokens, 384}, hidden), Tensor.u8(new long[] {2, tokens}, mask));
    }

    float[] denoise(KafkaTestClient kafka, DenoiseTask task) {
        return denoised(kafka, task).latents().toFloats();
    }

    DecodeTask denoised(KafkaTestClient kafka, DenoiseTask task) {
        kafka.send(Topics.DENOISE, task.job().jobId(), task.encode(), new RecordHeaders());
        ConsumerRecord<String, byte[]> out = kafka.expect(Topics.DECODE, r -> r.key().equals(task.job().jobId()), 1,
                Duration.ofSeconds(90)).get(0);
        DecodeTask decoded = DecodeTask.decode(claims.resolve(out.value(), out.headers()));
        assertArrayEquals(new long[] {1, 8, 5, 8, 8}, decoded.latents().shape());
        assertEquals(DType.F16, decoded.latents().dtype(), "latents travel as F16");
        assertTrue(decoded.job().stageMillis().containsKey("denoise"));
        assertEquals(5L, decoded.job().stageMillis().get("encode"), "earlier timings are kept");
        return decoded;
    }

    @Test
    void sameSeedSameLatentsAndAProgressEventPerStep() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            float[] a = denoise(kafka, task("vid_denoise001", 42, 3));
            float[] b = denoise(kafka, task("vid_denoise002", 42, 3));
            float[] c = denoise(kafka, task("vid_denoise003", 43, 3));
            assertArrayEquals(a, b, "the same seed and parameters give the same latents");
            assertFalse(Arrays.equals(a, c), "another seed gives other latents");

            List<VideoProgress> progress = kafka.expect(Topics.VIDEO_PROGRESS, r -> r.key().equals("vid_denoise001"), 4,
                    Duration.ofSeconds(30)).stream().map(r -> read(r.value())).toList();
            assertEquals(List.of(0, 1, 2, 3), progress.stream().map(VideoProgress::step).toList());
            assertTrue(progress.stream().allMatch(p -> p.stage() == Stage.DENOISE && p.steps() == 3));
        }
    }

    @Test
    void theRequestsSchedulerIsTheOneThatRuns() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            float[] euler = denoise(kafka, task("vid_denoise004", 42, 3, "flow-euler"));
            float[] dpm = denoise(kafka, task("vid_denoise005", 42, 3, "flow-dpm++2m"));
            float[] bundleDefault = denoise(kafka, task("vid_denoise006", 42, 3, null));
            assertFalse(Arrays.equals(euler, dpm), "another solver gives other latents");
            assertArrayEquals(euler, bundleDefault, "the bundle's default is flow-euler");
        }
    }

    @Test
    void theRequestsCacheThresholdSkipsTransformerCallsAndTheCountTravelsOn() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            DecodeTask uncached = denoised(kafka, task("vid_denoise007", 42, 20, null, null));
            DecodeTask cached = denoised(kafka, task("vid_denoise008", 42, 20, null, 0.3));
            DecodeTask off = denoised(kafka, task("vid_denoise009", 42, 20, null, 0.0));
            assertEquals(20, uncached.job().transformerCalls(), "no cache configured here: one call per step");
            assertEquals(20, off.job().transformerCalls(), "0 turns the cache off");
            int calls = cached.job().transformerCalls();
            assertTrue(calls >= 2 && calls < 20, "the cache skipped some calls but not the first and last: " + calls);
            assertArrayEquals(uncached.latents().toFloats(), off.latents().toFloats());
            assertFalse(Arrays.equals(uncached.latents().toFloats(), cached.latents().toFloats()),
                    "reused velocities change the latents a little");
        }
    }

    static VideoProgress read(byte[] json) {
        try {
            return EventJson.read(json, VideoProgress.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
