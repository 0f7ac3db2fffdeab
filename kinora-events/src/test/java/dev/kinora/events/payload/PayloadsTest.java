package dev.kinora.events.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.MalformedPayloadException;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    static JobSpec job() {
        return JobSpec.builder().jobId("vid_abcdefgh").requestId("req-1").prompt("a red circle").size(64, 64)
                .frames(17).fps(8).steps(20).guidanceScale(4.0).cacheThreshold(0.1).seed(42L)
                .model("tiny-shapes", "v1", "sha").metadata(Map.of("team", "qa"))
                .acceptedAt(Instant.parse("2026-11-23T10:00:00Z")).stageMillis(Map.of("encode", 12L))
                .transformerCalls(15).build();
    }

    @Test
    void decodeTaskCarriesJobAndF16Latents() {
        float[] latents = new float[8 * 5 * 8 * 8];
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (i % 17) * 0.25f - 2f;
        }
        DecodeTask task = new DecodeTask(job(), Tensor.f16(new long[] {1, 8, 5, 8, 8}, latents));
        DecodeTask back = DecodeTask.decode(task.encode());
        assertEquals(job(), back.job());
        assertArrayEquals(latents, back.latents().toFloats()); // quarter steps are exact in F16
    }

    @Test
    void storeTaskCarriesMediaBytes() {
        StoreTask back = StoreTask.decode(new StoreTask(job(), new byte[] {0, 0, 0, 24, 'f', 't'}, new byte[] {(byte) 0x89, 'P'})
                .encode());
        assertArrayEquals(new byte[] {0, 0, 0, 24, 'f', 't'}, back.video());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P'}, back.poster());
        assertEquals("vid_abcdefgh", back.job().jobId());
        assertEquals(null, back.spritesheet(), "a payload without a spritesheet still reads");
        StoreTask withSheet = StoreTask.decode(new StoreTask(job(), new byte[] {1}, new byte[] {2}, new byte[] {3}).encode());
        assertArrayEquals(new byte[] {3}, withSheet.spritesheet());
    }

    @Test
    void payloadWithoutJobIsCorrupt() {
        byte[] bytes = SafeTensors.write(new TensorFile(Map.of("latents", Tensor.f32(new long[] {1, 1, 1, 1, 1},
                new float[1])), Map.of()));
        assertThrows(MalformedPayloadException.class, () -> DecodeTask.decode(bytes));
        assertThrows(MalformedPayloadException.class, () -> JobPayloads.readJob("{\"prompt\":1".getBytes()));
    }
}
