package dev.kinora.prompt.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinora.events.EventJson;
import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.prompt.intake.RequestParser;
import dev.kinora.prompt.intake.RequestRejected;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's create body (JSON, or multipart/form-data as the SDKs send it) → Kinora's generation
 * request: {@code size} and {@code seconds} become width, height and frames through the bundle
 * ({@link VideoShape}); every other field is Kinora's own and goes to the strict
 * {@link RequestParser} as it is, so both intakes share one set of rules.
 */
final class CreateRequests {

    /** Form fields that are numbers in Kinora's JSON; a form sends every value as text. */
    private static final Set<String> INTEGER_FIELDS = Set.of("width", "height", "frames", "fps", "steps", "seed");
    private static final Set<String> DECIMAL_FIELDS = Set.of("guidanceScale", "durationSeconds", "cacheThreshold");

    private final VideoShape shape;

    CreateRequests(VideoShape shape) {
        this.shape = shape;
    }

    GenerationRequest fromJson(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : EventJson.mapper().readTree(body);
        } catch (IOException e) {
            // The strict parser words the error.
            return RequestParser.parse(body);
        }
        if (!(node instanceof ObjectNode object)) {
            return RequestParser.parse(body);
        }
        return toKinora(object);
    }

    /** Text fields of a form as Kinora's JSON would carry them; {@code files} names the file parts. */
    GenerationRequest fromForm(Map<String, String> fields, Set<String> files) {
        if (files.contains("input_reference")) {
            throw ApiException.modeNotAvailable("input_reference (image to video)", "input_reference");
        }
        ObjectNode object = EventJson.mapper().createObjectNode();
        fields.forEach((name, value) -> {
            if (INTEGER_FIELDS.contains(name) && value.matches("-?\\d{1,18}")) {
                object.put(name, Long.parseLong(value));
            } else if (DECIMAL_FIELDS.contains(name) && value.matches("-?\\d+(\\.\\d+)?([eE]-?\\d+)?")) {
                object.put(name, Double.parseDouble(value));
            } else if (name.equals("metadata")) {
                object.set(name, metadataOf(value));
            } else {
                object.put(name, value);
            }
        });
        return toKinora(object);
    }

    private GenerationRequest toKinora(ObjectNode object) {
        JsonNode reference = object.remove("input_reference");
        if (reference != null && !reference.isNull()) {
            throw ApiException.modeNotAvailable("input_reference (image to video)", "input_reference");
        }
        JsonNode size = object.remove("size");
        if (size != null && !size.isNull()) {
            requireAbsent(object, "size", "width", "height");
            int[] wh = shape.size(size.asText());
            object.put("width", wh[0]);
            object.put("height", wh[1]);
        }
        JsonNode seconds = object.remove("seconds");
        if (seconds != null && !seconds.isNull()) {
            requireAbsent(object, "seconds", "frames", "durationSeconds");
            object.put("frames", shape.frames(seconds.asText()));
        }
        return RequestParser.parse(EventJson.write(object));
    }

    private static void requireAbsent(ObjectNode object, String openAiField, String... kinoraFields) {
        for (String field : kinoraFields) {
            if (object.has(field)) {
                String message = "give " + openAiField + " or " + String.join("/", kinoraFields) + ", not both";
                throw new RequestRejected(ReasonCode.INVALID_REQUEST, message,
                        List.of(new RequestRejected.FieldError(field, message)));
            }
        }
    }

    private static JsonNode metadataOf(String value) {
        try {
            return EventJson.mapper().readTree(value);
        } catch (IOException e) {
            throw new RequestRejected(ReasonCode.INVALID_REQUEST, "metadata is not JSON",
                    List.of(new RequestRejected.FieldError("metadata", "is not JSON")));
        }
    }
}
