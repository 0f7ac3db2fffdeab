package dev.kinora.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Generates one suite prompt through a running Kinora: submit to prompt-service, poll the job
 * until it is COMPLETED or FAILED, download the MP4 (from prompt-service unless told otherwise).
 */
public final class KinoraVideoClient {

    /**
     * Where a generation ended: the MP4's path and the transformer calls the denoiser made (null when
     * the service does not say), or why there is no video.
     */
    public record Outcome(Path video, Integer transformerCalls, String error) {

        public boolean ok() {
            return error == null;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String promptServiceUrl;
    private final String contentUrl;
    private final Duration pollInterval;
    private final Duration jobTimeout;
    private final SamplerSettings sampler;

    public KinoraVideoClient(String promptServiceUrl, String contentUrl, Duration pollInterval, Duration jobTimeout,
            SamplerSettings sampler) {
        this.promptServiceUrl = stripSlash(promptServiceUrl);
        this.contentUrl = stripSlash(contentUrl);
        this.pollInterval = pollInterval;
        this.jobTimeout = jobTimeout;
        this.sampler = sampler;
    }

    /**
     * @param requestPrefix makes the requestId unique per run: prompt-service answers a repeated
     *                      requestId with the existing job, which would re-evaluate an old video
     */
    public Outcome generate(SuitePrompt p, String requestPrefix, Path target) throws InterruptedException {
        try {
            String jobId = submit(p, requestPrefix + p.id());
            Instant deadline = Instant.now().plus(jobTimeout);
            while (true) {
                JsonNode job = get(promptServiceUrl + "/v1/videos/" + jobId);
                String state = job.path("state").asText("");
                if (state.equals("COMPLETED")) {
                    download(jobId, target);
                    JsonNode calls = job.path("result").path("transformerCalls");
                    return new Outcome(target, calls.isInt() ? calls.asInt() : null, null);
                }
                if (state.equals("FAILED")) {
                    return new Outcome(null, null, "job " + jobId + " failed: " + job.path("error").path("code").asText("")
                            + " " + job.path("error").path("message").asText(""));
                }
                if (Instant.now().isAfter(deadline)) {
                    return new Outcome(null, null, "job " + jobId + " still " + state + " after " + jobTimeout.toSeconds() + " s");
                }
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (IOException e) {
            return new Outcome(null, null, e.getMessage());
        }
    }

    private String submit(SuitePrompt p, String requestId) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("requestId", requestId);
        body.put("prompt", p.prompt());
        body.put("width", p.width());
        body.put("height", p.height());
        body.put("frames", p.frames());
        body.put("seed", p.seed());
        sampler.addTo(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(promptServiceUrl + "/v1/videos"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST /v1/videos answered " + response.statusCode() + ": " + response.body());
        }
        String jobId = json.readTree(response.body()).path("id").asText("");
        if (jobId.isEmpty()) {
            throw new IOException("POST /v1/videos gave no id: " + response.body());
        }
        return jobId;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private void download(String jobId, Path target) throws IOException, InterruptedException {
        String url = contentUrl + "/v1/videos/" + jobId + "/content";
        Files.createDirectories(target.toAbsolutePath().getParent());
        // Downloaded beside the target and moved into place, so a broken download never looks finished.
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build();
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
