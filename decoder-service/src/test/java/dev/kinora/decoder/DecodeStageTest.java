package dev.kinora.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.decoder.video.ProvenanceXmp;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.payload.StoreTask;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.testkit.KafkaTestClient;
import dev.kinora.testkit.LocalStackTestResource;
import dev.kinora.testkit.VideoProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The decoder-service against a real broker and S3 server: kinora.decode in, kinora.store out. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("service")
class DecodeStageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ClaimCheck claims;

    StoreTask decode(KafkaTestClient kafka, String id, int frames, int width, int height, int fps) {
        JobSpec job = JobSpec.builder().jobId(id).requestId("req-" + id).prompt("p").size(width, height).frames(frames)
                .fps(fps).steps(20).guidanceScale(4.0).seed(1L).model("tiny-shapes", "v", "sha")
                .acceptedAt(Instant.now()).build();
        int latentFrames = 1 + (frames - 1 + 3) / 4;
        long[] shape = {1, 8, latentFrames, height / 8, width / 8};
        float[] latents = new float[(int) Tensor.elementCount(shape)];
        Random random = new Random(5);
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        kafka.send(Topics.DECODE, id, new DecodeTask(job, Tensor.f16(shape, latents)).encode());
        ConsumerRecord<String, byte[]> out = kafka.expect(Topics.STORE, r -> r.key().equals(id), 1,
                Duration.ofSeconds(90)).get(0);
        return StoreTask.decode(claims.resolve(out.value(), out.headers()));
    }

    @Test
    void latentsBecomeAnH264Mp4OfTheRequestedShape() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            StoreTask stored = decode(kafka, "vid_decode0001", 17, 96, 64, 8);
            VideoProbe.Summary v = VideoProbe.probe(stored.video());
            assertEquals("h264", v.codec());
            assertEquals(96, v.width());
            assertEquals(64, v.height());
            assertEquals(17, v.frames());
            assertEquals(8.0, v.fps(), 1e-6);
            assertTrue(stored.poster().length > 8 && stored.poster()[1] == 'P', "poster is a PNG");
            BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(stored.spritesheet()));
            assertEquals(4 * 96, sheet.getWidth(), "16 of the 17 frames, 4 by 4");
            assertEquals(4 * 64, sheet.getHeight());
            assertTrue(stored.job().stageMillis().containsKey("decode"));
            var xmp = ProvenanceXmpTest.exiftool(stored.video());
            assertEquals(ProvenanceXmp.TRAINED_ALGORITHMIC_MEDIA, xmp.path("XMP-iptcExt:DigitalSourceType").asText(),
                    "every video the stage writes says it is AI-generated");
            assertEquals("vid_decode0001", xmp.path("XMP-kinora:JobId").asText());
        }
    }

    @Test
    void framesBeyondTheRequestAreTrimmed() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            VideoProbe.Summary v = VideoProbe.probe(decode(kafka, "vid_decode0002", 15, 64, 64, 12).video());
            assertEquals(15, v.frames());
            assertEquals(12.0, v.fps(), 1e-6);
        }
    }
}
