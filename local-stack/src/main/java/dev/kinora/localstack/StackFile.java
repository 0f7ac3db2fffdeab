package dev.kinora.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DATA/stack.json: how to reach the running stack, for tools that did not start it.
 * It exists only while the stack runs.
 */
final class StackFile {

    static final String FILE_NAME = "stack.json";

    private StackFile() {}

    static Path write(LocalStackOptions options) throws IOException {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("pid", ProcessHandle.current().pid());
        content.put("kafkaBootstrapServers", options.kafkaBootstrap());
        content.put("kafkaControllerPort", options.controllerPort());
        content.put("s3Endpoint", options.s3Endpoint());
        content.put("s3AccessKey", options.s3AccessKey());
        content.put("s3SecretKey", options.s3SecretKey());
        content.put("dataDir", options.dataDir().toString());
        Path target = options.dataDir().resolve(FILE_NAME);
        Path temp = options.dataDir().resolve(FILE_NAME + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), content);
        // Readers never see a half-written file.
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static void delete(LocalStackOptions options) {
        try {
            Files.deleteIfExists(options.dataDir().resolve(FILE_NAME));
        } catch (IOException ignored) {
            // Leaving a stale file is harmless: readers check the pid.
        }
    }
}
