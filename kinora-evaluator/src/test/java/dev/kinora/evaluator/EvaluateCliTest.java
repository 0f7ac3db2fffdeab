package dev.kinora.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCliTest {

    static final WorldSpec WORLD = WorldSpec.load(WorldSpec.locate());
    static final WorldClipRenderer RENDERER = new WorldClipRenderer(WORLD);
    static final PromptSuite SUITE = PromptSuite.bundled();
    static final List<String> IDS = List.of(SUITE.prompts().get(0).id(), SUITE.prompts().get(9).id(),
            SUITE.prompts().get(50).id());

    @TempDir
    Path dir;

    /** What a perfect model would make for a suite prompt. */
    static byte[] idealMp4(SuitePrompt p, Path file) throws IOException {
        SuitePrompt.Expected e = p.expected();
        Mp4Encoder.write(file, RENDERER.render(e.background(), p.width(), p.height(), p.frames(), p.seed(),
                new WorldClipRenderer.ObjectSpec(e.color(), e.shape(), e.motion())), p.width(), p.height(), WORLD.fps());
        return Files.readAllBytes(file);
    }

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EvaluateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void evaluatesADirectoryAndWritesAReport() throws IOException {
        for (String id : IDS) {
            idealMp4(SUITE.byId(id).orElseThrow(), dir.resolve(id + ".mp4"));
        }
        Path report = dir.resolve("out/report.json");
        Run run = cli("evaluate", "--videos", dir.toString(), "--report", report.toString(), "--min", "all=1.0");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains(IDS.get(0)), run.out());
        assertTrue(run.out().contains("color 100.0%"), run.out());
        assertTrue(run.err().contains((SUITE.prompts().size() - IDS.size()) + " suite prompt(s) have no video"), run.err());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(IDS.size(), json.path("clips").size());
        assertEquals(1.0, json.path("totals").path("all").path("motion").asDouble());
        assertTrue(json.path("clips").get(0).path("match").path("all").asBoolean());
        assertEquals(IDS.get(0), json.path("clips").get(0).path("id").asText());
    }

    @Test
    void qualityGateFailsOnAWrongClip() throws IOException {
        SuitePrompt asked = SUITE.byId(IDS.get(0)).orElseThrow();
        SuitePrompt other = SUITE.byId(IDS.get(1)).orElseThrow();
        Path wrong = dir.resolve("wrong.mp4");
        idealMp4(other, wrong);
        Run run = cli("evaluate", "--clip", asked.id() + "=" + wrong, "--report", dir.resolve("r.json").toString(),
                "--min", "background=0.5", "--min", "all=0.5");
        assertEquals(EvaluateCli.GATE_FAILED, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("gate all: 0.000 <"), run.out());
    }

    @Test
    void rejectsBadUsage() {
        assertEquals(EvaluateCli.USAGE, cli().exit());
        assertEquals(EvaluateCli.USAGE, cli("evaluate").exit());
        assertEquals(EvaluateCli.USAGE, cli("evaluate", "--videos", dir.toString(), "--min", "speed=1").exit());
        assertEquals(EvaluateCli.USAGE, cli("evaluate", "--clip", "no-such-id=x.mp4").exit());
        assertEquals(EvaluateCli.USAGE, cli("evaluate", "--videos", dir.toString()).exit()); // empty directory
        assertEquals(0, cli("help").exit());
    }

    /** generate: submit, poll, download through a stand-in for prompt-service and storage-service. */
    @Test
    void generatesThroughTheRestApiThenEvaluates() throws IOException {
        Map<String, SuitePrompt> jobs = new ConcurrentHashMap<>();
        Map<String, Integer> polls = new ConcurrentHashMap<>();
        AtomicInteger nextJob = new AtomicInteger();
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/videos", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                SuitePrompt p = SUITE.prompts().stream().filter(s -> s.prompt().equals(body.path("prompt").asText()))
                        .findFirst().orElseThrow();
                assertEquals(p.seed(), body.path("seed").asLong());
                assertEquals(p.frames(), body.path("frames").asInt());
                assertEquals(7, body.path("steps").asInt()); // a failed check here fails the job, hence the run
                assertEquals("flow-dpm++2m", body.path("scheduler").asText());
                assertEquals(0.2, body.path("cacheThreshold").asDouble());
                assertTrue(body.path("requestId").asText().endsWith(p.id()));
                String jobId = "vid_" + nextJob.incrementAndGet();
                jobs.put(jobId, p);
                respond(exchange, 202, "{\"id\":\"" + jobId + "\",\"state\":\"QUEUED\"}");
            } else if (path.endsWith("/content")) {
                String jobId = path.split("/")[3];
                respond(exchange, 200, idealMp4(jobs.get(jobId), dir.resolve("server-" + jobId + ".mp4")));
            } else {
                String jobId = path.substring("/v1/videos/".length());
                // The first poll finds the job still running.
                String state = polls.merge(jobId, 1, Integer::sum) < 2 ? "DENOISING" : "COMPLETED";
                String result = state.equals("COMPLETED") ? ",\"result\":{\"transformerCalls\":" + (4 + Integer.parseInt(jobId.substring(4)) % 2) + "}" : "";
                respond(exchange, 200, "{\"id\":\"" + jobId + "\",\"state\":\"" + state + "\"" + result + "}");
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Path out = dir.resolve("videos");
            Run run = cli("generate", "--out", out.toString(), "--prompt-url", url, "--content-url", url,
                    "--only", String.join(",", IDS), "--steps", "7", "--scheduler", "flow-dpm++2m", "--cache-threshold", "0.2", "--min", "all=1.0");
            assertEquals(0, run.exit(), run.out() + run.err());
            for (String id : IDS) {
                assertTrue(Files.size(out.resolve(id + ".mp4")) > 0);
            }
            assertTrue(Files.exists(out.resolve("evaluation.json")));
            assertTrue(run.out().contains("[3/3]"), run.out());
            // vid_1..vid_3: 5, 4, 5 calls
            assertTrue(run.out().contains("generated 3 videos in ") && run.out().contains("4.67 transformer calls per video"),
                    run.out());
        } finally {
            server.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
