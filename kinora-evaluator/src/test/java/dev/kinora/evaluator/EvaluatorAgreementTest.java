package dev.kinora.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python evaluator (tools/model/kinora_model/evaluate.py, which scores samples while the model
 * trains) and this one must reach the same verdicts, or a training run's numbers mean something other
 * than the suite's. Both read the same decoded H.264 frames of every suite prompt, drawn ideally and
 * degraded as a small model draws them (blur and noise). Needs Debian's python3 with numpy and torch
 * (tools/test-model installs them).
 */
@Tag("service") // not a server, but 144 clips and a Python process: the full tier, not the fast loop
class EvaluatorAgreementTest {

    static final WorldSpec WORLD = WorldSpec.load(WorldSpec.locate());
    static final WorldClipRenderer RENDERER = new WorldClipRenderer(WORLD);
    static final ClipEvaluator EVALUATOR = new ClipEvaluator(WORLD);
    static final List<String> ATTRIBUTES = List.of("color", "shape", "motion", "background");

    @TempDir
    Path dir;

    @Test
    void pythonAndJavaEvaluatorsAgreeOnTheSuitesClips() throws Exception {
        Map<String, Map<String, String>> java = new HashMap<>();
        List<Map<String, Object>> index = new ArrayList<>();
        int i = 0;
        for (SuitePrompt p : PromptSuite.bundled().prompts()) {
            SuitePrompt.Expected e = p.expected();
            List<byte[]> ideal = RENDERER.render(e.background(), p.width(), p.height(), p.frames(), p.seed(),
                    new WorldClipRenderer.ObjectSpec(e.color(), e.shape(), e.motion()));
            List<byte[]> soft = WorldClipRenderer.degrade(ideal, p.width(), p.height(), 2, 8.0, i++);
            for (var clip : Map.of("ideal", ideal, "soft", soft).entrySet()) {
                String id = p.id() + "-" + clip.getKey();
                Path mp4 = Mp4Encoder.write(dir.resolve(id + ".mp4"), clip.getValue(), p.width(), p.height(), WORLD.fps());
                VideoFrames decoded = VideoFrames.read(mp4);
                writeRaw(dir.resolve(id + ".rgb"), decoded);
                index.add(Map.of("id", id, "width", decoded.width(), "height", decoded.height(),
                        "frames", decoded.frameCount()));
                ClipReport r = EVALUATOR.evaluate(p, decoded, id);
                java.put(id, Map.of("color", r.color().label(), "shape", r.shape().label(),
                        "motion", r.motion().label(), "background", r.background().label()));
            }
        }
        new ObjectMapper().writeValue(dir.resolve("index.json").toFile(), index);
        Map<String, JsonNode> python = runPythonEvaluator(dir);

        Map<String, Integer> agreed = new HashMap<>();
        List<String> idealDisagreements = new ArrayList<>();
        for (var entry : java.entrySet()) {
            JsonNode py = python.get(entry.getKey());
            for (String attribute : ATTRIBUTES) {
                boolean same = entry.getValue().get(attribute).equals(py.path(attribute).asText("none"));
                agreed.merge(attribute, same ? 1 : 0, Integer::sum);
                if (!same && entry.getKey().endsWith("-ideal")) {
                    idealDisagreements.add(entry.getKey() + " " + attribute + ": java " + entry.getValue().get(attribute)
                            + ", python " + py.path(attribute).asText("none"));
                }
            }
        }
        int clips = java.size();
        System.out.println("evaluator agreement over " + clips + " clips: " + agreed);
        assertEquals(List.of(), idealDisagreements, "on ideal clips the two evaluators must agree everywhere");
        for (String attribute : ATTRIBUTES) {
            assertTrue(agreed.get(attribute) >= 0.95 * clips, attribute + " agreed on " + agreed.get(attribute)
                    + " of " + clips + " clips");
        }
    }

    private static void writeRaw(Path file, VideoFrames frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int f = 0; f < frames.frameCount(); f++) {
            out.write(frames.frame(f));
        }
        Files.write(file, out.toByteArray());
    }

    private static Map<String, JsonNode> runPythonEvaluator(Path clips) throws Exception {
        Path modelTools = WorldSpec.locate().getParent();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "kinora_model.evaluate", clips.toString())
                .redirectErrorStream(false);
        pb.environment().put("PYTHONPATH", modelTools.toString());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = pb.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "python evaluator did not finish");
        assertEquals(0, process.exitValue(), "python evaluator failed (needs Debian's python3-torch): " + err);
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            JsonNode v = json.readTree(line);
            verdicts.put(v.get("id").asText(), v);
        }
        return verdicts;
    }
}
