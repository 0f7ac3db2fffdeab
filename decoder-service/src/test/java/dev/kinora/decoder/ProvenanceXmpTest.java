package dev.kinora.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.decoder.video.Mp4Writer;
import dev.kinora.decoder.video.Mp4XmpBox;
import dev.kinora.decoder.video.ProvenanceXmp;
import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.testkit.VideoProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provenance XMP as a reader outside Kinora sees it: exiftool (Debian libimage-exiftool-perl,
 * installed by .ci/run) reads it from the MP4, and the MP4 still decodes frame for frame.
 */
class ProvenanceXmpTest {

    static final Instant CREATED = Instant.parse("2026-12-03T18:30:00Z");

    static JobSpec job() {
        return JobSpec.builder().jobId("vid_provenancetest0000001").requestId("req-prov").prompt("a red circle")
                .size(96, 64).frames(17).fps(8).steps(20).guidanceScale(4.0).seed(7L)
                .model("tiny-shapes", "2026.12.03-14447-d2715", "ab12").acceptedAt(CREATED).build();
    }

    @Test
    void exiftoolReadsTheAiGeneratedMarkAndTheVideoStillDecodes() throws Exception {
        byte[] plain = new Mp4Writer(18, "veryfast").encode(Mp4WriterTest.movingSquare(17, 64, 96), 8);
        byte[] marked = Mp4XmpBox.append(plain, ProvenanceXmp.of(job(), CREATED));

        JsonNode tags = exiftool(marked);
        assertEquals(ProvenanceXmp.TRAINED_ALGORITHMIC_MEDIA, tags.path("XMP-iptcExt:DigitalSourceType").asText(), tags.toString());
        assertEquals("vid_provenancetest0000001", tags.path("XMP-kinora:JobId").asText(), tags.toString());
        assertEquals("tiny-shapes", tags.path("XMP-kinora:Model").asText());
        assertEquals("2026.12.03-14447-d2715", tags.path("XMP-kinora:ModelVersion").asText());
        assertTrue(tags.path("XMP-xmp:CreateDate").asText().startsWith("2026:12:03 18:30:00"), tags.toString());

        VideoProbe.Summary before = VideoProbe.probe(plain);
        VideoProbe.Summary after = VideoProbe.probe(marked);
        assertEquals(before.frames(), after.frames());
        assertEquals("h264", after.codec());
        assertTrue(after.faststart(), "moov still comes first");
        assertEquals(before.redCentroidX(16), after.redCentroidX(16), 1e-9, "same pixels");
    }

    @Test
    void aFileWithoutTheBoxCarriesNoMark() throws Exception {
        byte[] plain = new Mp4Writer(18, "veryfast").encode(Mp4WriterTest.movingSquare(17, 64, 96), 8);
        assertTrue(exiftool(plain).path("XMP-iptcExt:DigitalSourceType").isMissingNode());
    }

    @Test
    void refusesBytesThatAreNotAnMp4() {
        assertThrows(IllegalArgumentException.class,
                () -> Mp4XmpBox.append("not a video".getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    /** exiftool's JSON for the file, tags named GROUP:Tag by their XMP namespace. */
    static JsonNode exiftool(byte[] mp4) throws IOException, InterruptedException {
        Path file = Files.createTempFile("kinora-xmp-", ".mp4");
        try {
            Files.write(file, mp4);
            Process p;
            try {
                p = new ProcessBuilder("exiftool", "-json", "-G1", "-XMP:all", file.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("exiftool is needed for this test: apt-get install libimage-exiftool-perl", e);
            }
            byte[] out = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), new String(out, StandardCharsets.UTF_8));
            return EventJson.mapper().readTree(out).get(0);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
