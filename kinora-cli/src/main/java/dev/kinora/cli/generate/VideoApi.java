package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** prompt-service's video API (one base URL: submit, follow, download), over java.net.http. */
public final class VideoApi {

    /** A submitted job, or the reason the server refused it. */
    public sealed interface Submission {
        record Accepted(String jobId, String state, String location) implements Submission {}

        record Rejected(int status, ApiError error) implements Submission {}
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final String promptServiceUrl;
    private final String storageServiceUrl;

    /** storage-service serves the signed provenance manifests; everything else comes through prompt-service. */
    public VideoApi(String promptServiceUrl, String storageServiceUrl) {
        this.promptServiceUrl = promptServiceUrl;
        this.storageServiceUrl = storageServiceUrl;
    }

    public Submission submit(GenerateOptions options) throws IOException, InterruptedException {
        ObjectNode body = GenerationRequest.from(options, json);
        HttpRequest request = HttpRequest.newBuilder(URI.create(promptServiceUrl + "/v1/videos"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202 || response.statusCode() == 200 || response.statusCode() == 201) {
            JsonNode accepted = json.readTree(response.body());
            String jobId = accepted.path("id").asText("");
            if (jobId.isEmpty()) {
                throw new IOException("prompt-service accepted the job without an id: " + response.body());
            }
            return new Submission.Accepted(jobId, accepted.path("state").asText("QUEUED"),
                    response.headers().firstValue("Location").orElse(""));
        }
        return new Submission.Rejected(response.statusCode(), errorOf(response));
    }

    public JobView job(String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(promptServiceUrl + "/v1/videos/" + encode(jobId)))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET job " + jobId + " answered " + response.statusCode() + ": " + errorOf(response));
        }
        return JobView.of(jobId, json.readTree(response.body()));
    }

    /**
     * Saves the video's signed provenance manifest (storage-service GET /v1/provenance/{jobId}) for
     * `kinora verify`; false when the deployment signs none.
     */
    public boolean downloadManifest(String jobId, Path target) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create(storageServiceUrl + "/v1/provenance/" + encode(jobId))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() != 200) {
            throw new IOException("provenance manifest of " + jobId + " answered " + response.statusCode());
        }
        Files.write(target, response.body());
        return true;
    }

    /** Streams the MP4 from prompt-service's content endpoint to the target file. */
    public void download(String jobId, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(promptServiceUrl + "/v1/videos/" + encode(jobId) + "/content?variant=video"))
                .timeout(Duration.ofMinutes(5))
                .header("Accept", "video/mp4")
                .GET()
                .build();
        Files.createDirectories(target.getParent());
        // Written beside the target and moved in place, so a broken download never looks finished.
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                String body = Files.readString(partial, StandardCharsets.UTF_8);
                throw new IOException("download of " + jobId + " answered " + response.statusCode() + ": " + body);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private ApiError errorOf(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (ApiError.isError(body)) {
                return ApiError.of(body);
            }
        } catch (IOException ignored) {
            // Not JSON: fall through to the raw body.
        }
        String body = response.body() == null ? "" : response.body().strip();
        return new ApiError("HTTP_" + response.statusCode(), body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
