package dev.kinora.cli.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON body of POST /v1/videos, holding only the fields the user actually gave. */
final class GenerationRequest {

    private GenerationRequest() {}

    static ObjectNode from(GenerateOptions options, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("prompt", options.prompt());
        options.negativePrompt().ifPresent(value -> body.put("negativePrompt", value));
        options.width().ifPresent(value -> body.put("width", value));
        options.height().ifPresent(value -> body.put("height", value));
        options.frames().ifPresent(value -> body.put("frames", value));
        options.steps().ifPresent(value -> body.put("steps", value));
        options.guidanceScale().ifPresent(value -> body.put("guidanceScale", value));
        options.cacheThreshold().ifPresent(value -> body.put("cacheThreshold", value));
        options.seed().ifPresent(value -> body.put("seed", value));
        return body;
    }
}
