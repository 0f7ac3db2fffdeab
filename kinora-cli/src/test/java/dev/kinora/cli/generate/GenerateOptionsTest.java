package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateOptionsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sendsOnlyWhatTheUserGave() {
        GenerateOptions options = GenerateOptions.parse(List.of("a red ball bouncing", "--seed", "42"));
        ObjectNode body = GenerationRequest.from(options, json);
        assertEquals("{\"prompt\":\"a red ball bouncing\",\"seed\":42}", body.toString());
        assertEquals(GenerateOptions.DEFAULT_TIMEOUT, options.timeout());
    }

    @Test
    void readsEveryOptionInEitherSpelling() {
        GenerateOptions options = GenerateOptions.parse(List.of(
                "--steps=12", "--guidance", "4.5", "a blue square", "--width", "64", "--height=48",
                "--frames", "9", "--cache-threshold", "0.15", "--negative", "blurry", "--out", "clip.mp4", "--timeout", "30"));
        ObjectNode body = GenerationRequest.from(options, json);
        assertEquals("a blue square", body.get("prompt").asText());
        assertEquals("blurry", body.get("negativePrompt").asText());
        assertEquals(64, body.get("width").asInt());
        assertEquals(48, body.get("height").asInt());
        assertEquals(9, body.get("frames").asInt());
        assertEquals(12, body.get("steps").asInt());
        assertEquals(4.5, body.get("guidanceScale").asDouble());
        assertEquals(0.15, body.get("cacheThreshold").asDouble());
        assertTrue(!body.has("seed"));
        assertEquals(Duration.ofSeconds(30), options.timeout());
        assertEquals(Path.of("clip.mp4").toAbsolutePath(), options.outputFor("job-1"));
    }

    @Test
    void defaultOutputIsNamedAfterTheJob() {
        GenerateOptions options = GenerateOptions.parse(List.of("x"));
        assertEquals(Path.of("kinora-j42.mp4").toAbsolutePath(), options.outputFor("j42"));
    }

    @Test
    void rejectsWhatItCannotSend() {
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(List.of()));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(List.of("a", "--steps", "0")));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(List.of("a", "--guidance", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(List.of("a", "--seed")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.parse(List.of("a", "--fps", "8")));
        assertTrue(unknown.getMessage().contains("--fps"));
    }
}
