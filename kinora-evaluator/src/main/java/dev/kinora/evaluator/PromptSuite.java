package dev.kinora.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The public prompt suite: load it from the bundled resource or a file, write it back as JSON. */
public final class PromptSuite {

    public static final String RESOURCE = "/prompt-suite.json";

    private final Map<String, SuitePrompt> byId;

    public PromptSuite(List<SuitePrompt> prompts) {
        Map<String, SuitePrompt> map = new LinkedHashMap<>();
        for (SuitePrompt p : prompts) {
            if (map.put(p.id(), p) != null) {
                throw new IllegalArgumentException("duplicate prompt id " + p.id());
            }
        }
        this.byId = map;
    }

    /** The suite that ships with the evaluator. */
    public static PromptSuite bundled() {
        try (InputStream in = PromptSuite.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PromptSuite load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt suite " + file, e);
        }
    }

    public List<SuitePrompt> prompts() {
        return List.copyOf(byId.values());
    }

    public Optional<SuitePrompt> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Pretty JSON with a fixed field order, so regenerating the suite gives an identical file. */
    public String toJson(String description) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", 1);
        root.put("description", description);
        ArrayNode prompts = root.putArray("prompts");
        for (SuitePrompt p : byId.values()) {
            ObjectNode n = prompts.addObject();
            n.put("id", p.id());
            n.put("prompt", p.prompt());
            ObjectNode e = n.putObject("expected");
            e.put("color", p.expected().color());
            e.put("shape", p.expected().shape());
            e.put("motion", p.expected().motion());
            e.put("background", p.expected().background());
            n.put("paraphrase", p.paraphrase());
            n.put("width", p.width());
            n.put("height", p.height());
            n.put("frames", p.frames());
            n.put("seed", p.seed());
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PromptSuite parse(JsonNode root) {
        List<SuitePrompt> prompts = new ArrayList<>();
        for (JsonNode n : root.path("prompts")) {
            JsonNode e = n.path("expected");
            prompts.add(new SuitePrompt(n.path("id").asText(), n.path("prompt").asText(),
                    new SuitePrompt.Expected(e.path("color").asText(), e.path("shape").asText(),
                            e.path("motion").asText(), e.path("background").asText()),
                    n.path("paraphrase").asBoolean(false), n.path("width").asInt(64), n.path("height").asInt(64),
                    n.path("frames").asInt(17), n.path("seed").asLong(0)));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("the prompt suite has no prompts");
        }
        return new PromptSuite(prompts);
    }
}
