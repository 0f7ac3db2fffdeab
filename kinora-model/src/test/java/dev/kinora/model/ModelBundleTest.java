package dev.kinora.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service refuses a bundle that is missing, malformed, or does not match its manifest. */
class ModelBundleTest {

    static final byte[] GRAPH = "not really onnx, only bytes to hash".getBytes(StandardCharsets.UTF_8);

    static Path bundle(Path dir, String sha) throws Exception {
        Files.write(dir.resolve("transformer.onnx"), GRAPH);
        Files.writeString(dir.resolve("model.json"), """
                {"format":1,"name":"t","version":"1","extraField":"ignored",
                 "transformer":{"file":"transformer.onnx","sha256":"%s","latentChannels":8},
                 "vaeDecoder":{"temporalCompression":4,"spatialCompression":8},
                 "video":{"resolutions":[[64,64],[96,64]]}}""".formatted(sha));
        return dir;
    }

    @Test
    void loadsFilesWhoseChecksumMatches(@TempDir Path dir) throws Exception {
        ModelBundle b = ModelBundle.open(bundle(dir, ModelBundle.sha256(GRAPH)));
        assertArrayEquals(GRAPH, b.load("transformer.onnx", b.manifest().transformer().sha256()));
        assertEquals(64, b.manifest().transformer().sha256().length());
        assertTrue(b.manifest().video().supportsResolution(96, 64));
        assertEquals(5, b.manifest().vaeDecoder().latentFramesFor(17));
        assertEquals(5, b.manifest().vaeDecoder().latentFramesFor(15), "rounds up; the decoder's extra frames are trimmed");
        assertEquals(17, b.manifest().vaeDecoder().framesFor(5));
    }

    @Test
    void refusesAFileThatDoesNotMatchItsManifest(@TempDir Path dir) throws Exception {
        ModelBundle b = ModelBundle.open(bundle(dir, "0".repeat(64)));
        BundleException e = assertThrows(BundleException.class, () -> b.load("transformer.onnx", "0".repeat(64)));
        assertTrue(e.getMessage().contains("transformer.onnx") && e.getMessage().contains("expects"), e.getMessage());
    }

    @Test
    void namesWhatIsMissing(@TempDir Path dir) throws Exception {
        BundleException noManifest = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(noManifest.getMessage().contains("model.json"), noManifest.getMessage());
        ModelBundle b = ModelBundle.open(bundle(dir, ModelBundle.sha256(GRAPH)));
        BundleException noFile = assertThrows(BundleException.class, () -> b.load("vae_decoder.onnx", "x"));
        assertTrue(noFile.getMessage().contains("missing"), noFile.getMessage());
        BundleException noResource = assertThrows(BundleException.class, () -> b.load("classpath:nope.onnx", "x"));
        assertTrue(noResource.getMessage().contains("classpath"), noResource.getMessage());
    }

    @Test
    void refusesPathsOutsideTheBundleAndUnknownFormats(@TempDir Path dir) throws Exception {
        ModelBundle b = ModelBundle.open(bundle(dir, ModelBundle.sha256(GRAPH)));
        assertThrows(BundleException.class, () -> b.load("../model.json", "x"));
        Files.writeString(dir.resolve("model.json"), "{\"format\":2,\"name\":\"t\"}");
        assertThrows(BundleException.class, () -> ModelBundle.open(dir));
    }

    @Test
    void parsesInferenceDevices() {
        assertEquals(InferenceDevice.Kind.AUTO, InferenceDevice.parse(null).kind());
        assertEquals(new InferenceDevice(InferenceDevice.Kind.CUDA, 1), InferenceDevice.parse("cuda:1"));
        assertEquals(InferenceDevice.Kind.CPU, InferenceDevice.parse(" CPU ").kind());
        assertThrows(IllegalArgumentException.class, () -> InferenceDevice.parse("tpu"));
    }
}
