package dev.kinora.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinora.cli.generate.GenerateCommand;
import dev.kinora.cli.generate.GenerateOptions;
import dev.kinora.cli.generate.VideoApi;
import dev.kinora.cli.stack.Component;
import dev.kinora.cli.verify.VerifyCommand;
import dev.kinora.events.EventJson;
import dev.kinora.events.Topics;
import dev.kinora.events.claim.ClaimCheck;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.VideoCompleted;
import dev.kinora.events.contract.VideoFailed;
import dev.kinora.provenance.Ed25519Keys;
import dev.kinora.provenance.ProvenanceManifest;
import dev.kinora.provenance.VideoVerification;
import dev.kinora.testkit.VideoProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as its users see it: a JSON request produced to {@code video.requests} by a
 * plain Kafka producer ends as exactly one {@code video.completed} record, whose video is in the
 * bucket and decodes as H.264 of the requested size, length and rate.
 */
class PipelineEndToEndTest extends EndToEndTest {

    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKafkaRequestBecomesOneCompletedH264Video() throws Exception {
        String request = """
                {"requestId":"e2e-red-right","prompt":"a red circle moving right on a black background",
                 "width":96,"height":64,"frames":17,"steps":8,"seed":1234,"metadata":{"ticket":"E2E-1"}}""";
        kafka.send(Topics.VIDEO_REQUESTS, "e2e-red-right", request.getBytes(StandardCharsets.UTF_8));
        // The same request again (a producer retry) must not make a second video.
        kafka.send(Topics.VIDEO_REQUESTS, "e2e-red-right", request.getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> record = kafka.expect(Topics.VIDEO_COMPLETED,
                r -> hasRequestId(r, "e2e-red-right"), 1, JOB_TIMEOUT).get(0);
        VideoCompleted done = EventJson.read(record.value(), VideoCompleted.class);
        assertEquals(Map.of("ticket", "E2E-1"), done.metadata());
        assertEquals(1234, done.seed());
        assertEquals(List.of("decode", "denoise", "encode", "store"),
                done.stageMillis().keySet().stream().sorted().toList());
        System.out.println("e2e stage timings (ms): " + done.stageMillis());

        byte[] video = download(done.video().url());
        assertEquals(done.video().bytes(), video.length);
        assertEquals(done.video().sha256(), ClaimCheck.sha256(video));
        VideoProbe.Summary probe = VideoProbe.probe(video);
        assertEquals("h264", probe.codec());
        assertEquals("yuv420p", probe.pixelFormat());
        assertEquals(96, probe.width());
        assertEquals(64, probe.height());
        assertEquals(17, probe.frames());
        assertEquals(8.0, probe.fps(), 1e-6);
        assertTrue(probe.faststart());

        // Provenance: the signed manifest beside the video verifies with the key the local stack made.
        String storage = infra.layout().serviceUrl(Component.STORAGE_SERVICE);
        String jws = new String(download(storage + "/v1/provenance/" + done.jobId()), StandardCharsets.US_ASCII);
        ProvenanceManifest manifest = VideoVerification.verify(video, jws,
                Ed25519Keys.readPublic(Files.readString(infra.layout().provenancePublicKey())));
        assertEquals(done.jobId(), manifest.jobId());
        assertEquals(ProvenanceManifest.TRAINED_ALGORITHMIC_MEDIA, manifest.digitalSourceType());

        JsonNode metadata = EventJson.mapper().readTree(download(done.metadataObject().url()));
        assertEquals("a red circle moving right on a black background", metadata.path("prompt").asText());
        assertEquals(1234, metadata.path("parameters").path("seed").asLong());
        assertEquals(8, metadata.path("parameters").path("steps").asInt());
        assertEquals("tiny-shapes", metadata.path("model").path("name").asText());
        assertEquals(64, metadata.path("model").path("manifestSha256").asText().length());

        assertEquals(1, kafka.await(Topics.VIDEO_COMPLETED, r -> hasRequestId(r, "e2e-red-right"), 2, Duration.ofSeconds(5)).size(),
                "exactly one video.completed for one requestId");
        assertEquals(0, kafka.await(Topics.VIDEO_FAILED, r -> hasRequestId(r, "e2e-red-right"), 1, Duration.ofSeconds(1)).size());
    }

    /**
     * What a user does: `kinora generate --out v.mp4` (with step caching at its widest, so that it
     * reports fewer transformer calls than steps), then `kinora verify v.mp4`, then edits the file.
     */
    @Test
    void aGeneratedVideoVerifiesUntilItIsChanged(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("v.mp4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        VideoApi api = new VideoApi(infra.layout().serviceUrl(Component.PROMPT_SERVICE),
                infra.layout().serviceUrl(Component.STORAGE_SERVICE));
        int generated = new GenerateCommand(api, o, e, false).run(GenerateOptions.parse(List.of(
                "a green square moving up on a white background", "--steps", "6", "--seed", "3", "--cache-threshold", "1",
                "--out", target.toString())));
        assertEquals(0, generated, err.toString(StandardCharsets.UTF_8));
        Matcher calls = Pattern.compile("transformer calls: (\\d+) for 6 steps").matcher(err.toString(StandardCharsets.UTF_8));
        assertTrue(calls.find(), err.toString(StandardCharsets.UTF_8));
        int made = Integer.parseInt(calls.group(1));
        assertTrue(made >= 2 && made < 6, "the first and last steps run the model, some between are skipped: " + made);
        assertTrue(Files.isRegularFile(Path.of(target + VerifyCommand.MANIFEST_SUFFIX)), "generate saves the manifest");

        VerifyCommand verify = new VerifyCommand(o, e, () -> infra.layout().provenancePublicKey());
        assertEquals(0, verify.run(List.of(target.toString())), err.toString(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(target);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(target, bytes);
        assertEquals(1, verify.run(List.of(target.toString())));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the file has changed"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestTheModelCannotServeEndsOnVideoFailedWithItsReason() throws Exception {
        kafka.send(Topics.VIDEO_REQUESTS, "e2e-too-big",
                "{\"requestId\":\"e2e-too-big\",\"prompt\":\"a blue square\",\"width\":4096,\"height\":4096}"
                        .getBytes(StandardCharsets.UTF_8));
        VideoFailed failed = EventJson.read(kafka.expect(Topics.VIDEO_FAILED, r -> hasRequestId(r, "e2e-too-big"), 1, JOB_TIMEOUT)
                .get(0).value(), VideoFailed.class);
        assertEquals(ReasonCode.UNSUPPORTED_SIZE, failed.reason());
        assertEquals("e2e-too-big", failed.requestId());
    }

    static byte[] download(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), "GET " + url);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
