package dev.kinora.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.videos.Video;
import com.openai.models.videos.VideoCreateParams;
import com.openai.models.videos.VideoDeleteResponse;
import com.openai.models.videos.VideoDownloadContentParams;
import com.openai.models.videos.VideoListPage;
import com.openai.models.videos.VideoListParams;
import com.openai.models.videos.VideoRemixParams;
import com.openai.models.videos.VideoSeconds;
import com.openai.models.videos.VideoSize;
import dev.kinora.cli.generate.GenerateOptions;
import dev.kinora.cli.generate.JobView;
import dev.kinora.cli.generate.VideoApi;
import dev.kinora.cli.stack.Component;
import dev.kinora.testkit.VideoProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's own Java SDK, pointed at Kinora's base URL on the real local stack: create, retrieve
 * until completed, download every variant, list and page, remix, delete; and Kinora's own CLI
 * client on the same API, sharing the stack. Generations are small (64x64, 2 s, 4 steps) so the
 * class stays quick on CI.
 */
class OpenAiSdkEndToEndTest extends EndToEndTest {

    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    static OpenAIClient openai;

    @BeforeAll
    static void client() {
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(infra.layout().serviceUrl(Component.PROMPT_SERVICE) + "/v1")
                .apiKey("the-local-stack-needs-no-key")
                .maxRetries(0)
                .build();
    }

    static VideoCreateParams small(String prompt, long seed) {
        return VideoCreateParams.builder()
                .prompt(prompt)
                .model("tiny-shapes")
                .seconds(VideoSeconds.of("2"))
                .size(VideoSize.of("64x64"))
                // Kinora's extensions travel as extra fields of the same form.
                .putAdditionalBodyProperty("seed", JsonValue.from(seed))
                .putAdditionalBodyProperty("steps", JsonValue.from(4))
                .build();
    }

    /** Polls with the SDK until the video is completed or failed; the timeout only bounds a hang. */
    static Video awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            Video video = openai.videos().retrieve(id);
            if (video.status().equals(Video.Status.COMPLETED) || video.status().equals(Video.Status.FAILED)) {
                return video;
            }
            assertTrue(System.nanoTime() < deadline, "video " + id + " still " + video.status() + " after " + JOB_TIMEOUT);
            Thread.sleep(250);
        }
    }

    static byte[] download(String id, VideoDownloadContentParams.Variant variant) throws IOException {
        try (HttpResponse response = openai.videos().downloadContent(id,
                VideoDownloadContentParams.builder().variant(variant).build());
                InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            return body.readAllBytes();
        }
    }

    @Test
    void theOpenAiSdkDrivesKinoraEndToEnd() throws Exception {
        Video created = openai.videos().create(small("a red circle moving right on a black background", 1234));
        assertEquals(Video.Status.QUEUED, created.status());
        assertEquals("64x64", created.size().asString());
        assertEquals("2", created.seconds().asString());

        Video done = awaitFinished(created.id());
        assertEquals(Video.Status.COMPLETED, done.status(), () -> "failed: " + done.error());
        assertEquals(100, done.progress());
        assertTrue(done.completedAt().orElseThrow() >= done.createdAt());
        assertEquals(4, done._additionalProperties().get("steps").convert(Integer.class),
                "the extension field reached the job");

        VideoProbe.Summary mp4 = VideoProbe.probe(download(done.id(), VideoDownloadContentParams.Variant.VIDEO));
        assertEquals("h264", mp4.codec());
        assertEquals(64, mp4.width());
        assertEquals(64, mp4.height());
        assertEquals(17, mp4.frames(), "2 s at 8 fps and the first frame");
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(
                download(done.id(), VideoDownloadContentParams.Variant.THUMBNAIL)));
        assertEquals(64, thumbnail.getWidth());
        assertEquals(64, thumbnail.getHeight());
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(
                download(done.id(), VideoDownloadContentParams.Variant.SPRITESHEET)));
        assertEquals(4 * 64, sheet.getWidth(), "16 frames, 4 by 4");
        assertEquals(4 * 64, sheet.getHeight());

        Video remix = openai.videos().remix(done.id(), VideoRemixParams.builder()
                .prompt("a green circle moving right on a black background").build());
        assertEquals(done.id(), remix.remixedFromVideoId().orElseThrow());
        Video remixed = awaitFinished(remix.id());
        assertEquals(Video.Status.COMPLETED, remixed.status(), () -> "failed: " + remixed.error());
        assertEquals(1234L, remixed._additionalProperties().get("parameters").convert(JsonNode.class)
                .path("seed").asLong(), "a remix keeps the seed");
        assertEquals(done.size(), remixed.size());
        assertEquals(done.seconds(), remixed.seconds());

        // One video a page, newest first, paged by the SDK itself through after=last_id.
        VideoListPage first = openai.videos().list(VideoListParams.builder().limit(1).build());
        assertEquals(List.of(remixed.id()), first.data().stream().map(Video::id).toList());
        assertTrue(first.hasNextPage());
        assertEquals(List.of(done.id()), first.nextPage().data().stream().map(Video::id).toList());
        List<String> all = new ArrayList<>();
        first.autoPager().forEach(v -> all.add(v.id()));
        assertEquals(List.of(remixed.id(), done.id()), all.subList(0, 2));
        assertEquals(all.size(), all.stream().distinct().count(), "no video twice: " + all);

        VideoDeleteResponse deleted = openai.videos().delete(done.id());
        assertTrue(deleted.deleted());
        assertEquals(done.id(), deleted.id());
        NotFoundException gone = assertThrows(NotFoundException.class, () -> openai.videos().retrieve(done.id()));
        assertEquals("NOT_FOUND", gone.code().orElseThrow());
        assertThrows(NotFoundException.class, () -> download(done.id(), VideoDownloadContentParams.Variant.VIDEO));
        List<String> left = new ArrayList<>();
        openai.videos().list().autoPager().forEach(v -> left.add(v.id()));
        assertFalse(left.contains(done.id()));
        assertTrue(left.contains(remixed.id()));
    }

    @Test
    void theKinoraCliClientReadsTheSameApi() throws Exception {
        VideoApi api = new VideoApi(infra.layout().serviceUrl(Component.PROMPT_SERVICE),
                infra.layout().serviceUrl(Component.STORAGE_SERVICE));
        GenerateOptions options = GenerateOptions.parse(List.of("a blue square on white", "--width", "64", "--height", "64",
                "--frames", "17", "--steps", "4", "--seed", "5", "--timeout", String.valueOf(JOB_TIMEOUT.toSeconds())));
        VideoApi.Submission.Accepted accepted = (VideoApi.Submission.Accepted) api.submit(options);
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JobView job = api.job(accepted.jobId());
        while (!job.isCompleted() && !job.isFailed()) {
            assertTrue(System.nanoTime() < deadline, "job still " + job.state());
            Thread.sleep(250);
            job = api.job(accepted.jobId());
        }
        JobView last = job;
        assertTrue(last.isCompleted(), () -> "failed: " + last.error());
        assertEquals(4, job.steps());
        Path mp4 = Files.createTempFile("kinora-cli-", ".mp4");
        api.download(accepted.jobId(), mp4);
        assertEquals("h264", VideoProbe.probe(Files.readAllBytes(mp4)).codec());

        VideoApi.Submission.Rejected rejected = (VideoApi.Submission.Rejected) api.submit(
                GenerateOptions.parse(List.of("p", "--width", "1920", "--height", "1080")));
        assertEquals(400, rejected.status());
        assertEquals("UNSUPPORTED_SIZE", rejected.error().reason());
    }

    @Test
    void theSdkSeesKinorasErrorsInOpenAisEnvelope() {
        BadRequestException tooBig = assertThrows(BadRequestException.class, () -> openai.videos().create(
                VideoCreateParams.builder().prompt("a blue square").size(VideoSize.of("1280x720")).build()));
        assertEquals("UNSUPPORTED_SIZE", tooBig.code().orElseThrow());
        assertEquals("size", tooBig.param().orElseThrow());
        assertTrue(tooBig.getMessage().contains("64x64, 96x64, 64x96"), tooBig.getMessage());
        BadRequestException image = assertThrows(BadRequestException.class, () -> openai.videos().create(
                VideoCreateParams.builder().prompt("a blue square").inputReference(new byte[] {(byte) 0x89, 'P'}).build()));
        assertEquals("MODE_NOT_AVAILABLE", image.code().orElseThrow());
    }
}
