package dev.kinora.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The synthetic world's vocabulary and physics, read from {@code tools/model/world.json}: the same
 * file the Python renderer and caption generator read, so the evaluator never drifts from training.
 */
public record WorldSpec(
        int fps,
        List<int[]> resolutions,
        List<Integer> frameCounts,
        Physics physics,
        List<NamedColor> colors,
        List<NamedColor> backgrounds,
        List<Shape> shapes,
        List<Motion> motions,
        Captions captions) {

    public static final String RELATIVE_PATH = "tools/model/world.json";

    /** Object size and path parameters, as fractions of the frame (see world.py's trajectory). */
    public record Physics(double radiusFraction, double radiusJitterMin, double radiusJitterMax,
            double travelFraction, double bounceHeightFraction, int bounces,
            double growFrom, double growTo, double shrinkFrom, double shrinkTo) {}

    /**
     * An object color or a background: name, RGB, the words of training captions and the template
     * prompts, the wider training-only vocabulary, and words no training caption contains.
     */
    public record NamedColor(String name, Rgb rgb, List<String> words, List<String> extraWords,
            List<String> heldOutWords) {}

    public record Shape(String name, List<String> words, List<String> heldOutWords) {}

    /** {@code direction} is (dx, dy) in image coordinates, y pointing down; zero for non-translations. */
    public record Motion(String name, String kind, int dx, int dy, List<String> present, List<String> gerund,
            List<String> heldOutPresent, List<String> heldOutGerund) {

        public boolean translates() {
            return "translate".equals(kind);
        }
    }

    public record Captions(List<String> backgroundPhrases, List<String> heldOutBackgroundPhrases,
            List<String> templates, List<String> heldOutTemplates) {}

    public static WorldSpec load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the world spec " + file, e);
        }
    }

    /**
     * Finds world.json from the repository root: the {@code kinora.root} system property, the
     * {@code KINORA_ROOT} variable, or the first ancestor of the working directory that holds it.
     */
    public static Path locate() {
        List<Path> roots = new ArrayList<>();
        Optional.ofNullable(System.getProperty("kinora.root")).ifPresent(r -> roots.add(Path.of(r)));
        Optional.ofNullable(System.getenv("KINORA_ROOT")).ifPresent(r -> roots.add(Path.of(r)));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            roots.add(p);
        }
        for (Path root : roots) {
            Path candidate = root.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + RELATIVE_PATH + " (set -Dkinora.root or KINORA_ROOT to the "
                + "repository root, or pass --world)");
    }

    public NamedColor color(String name) {
        return colors.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no world color " + name));
    }

    public NamedColor background(String name) {
        return backgrounds.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no world background " + name));
    }

    public Motion motion(String name) {
        return motions.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no world motion " + name));
    }

    /** The motion of a non-translating kind (bounce, grow, shrink, still), if the world has one. */
    public Optional<Motion> motionOfKind(String kind) {
        return motions.stream().filter(m -> m.kind().equals(kind)).findFirst();
    }

    public boolean hasShape(String name) {
        return shapes.stream().anyMatch(s -> s.name().equals(name));
    }

    public boolean supportsResolution(int width, int height) {
        return resolutions.stream().anyMatch(r -> r[0] == width && r[1] == height);
    }

    private static WorldSpec parse(JsonNode root) {
        List<int[]> resolutions = new ArrayList<>();
        root.path("resolutions").forEach(r -> resolutions.add(new int[] {r.get(0).asInt(), r.get(1).asInt()}));
        List<Integer> frames = new ArrayList<>();
        root.path("frames").forEach(f -> frames.add(f.asInt()));
        JsonNode o = required(root, "object");
        Physics physics = new Physics(
                required(o, "radiusFraction").asDouble(),
                required(o, "radiusJitter").get(0).asDouble(), required(o, "radiusJitter").get(1).asDouble(),
                required(o, "travelFraction").asDouble(), required(o, "bounceHeightFraction").asDouble(),
                required(o, "bounces").asInt(),
                required(o, "growScale").get(0).asDouble(), required(o, "growScale").get(1).asDouble(),
                required(o, "shrinkScale").get(0).asDouble(), required(o, "shrinkScale").get(1).asDouble());
        List<NamedColor> colors = new ArrayList<>();
        required(root, "colors").forEach(c -> colors.add(namedColor(c)));
        List<NamedColor> backgrounds = new ArrayList<>();
        required(root, "backgrounds").forEach(c -> backgrounds.add(namedColor(c)));
        List<Shape> shapes = new ArrayList<>();
        required(root, "shapes").forEach(s -> shapes.add(new Shape(required(s, "name").asText(), strings(s, "words"),
                strings(s, "heldOutWords"))));
        List<Motion> motions = new ArrayList<>();
        required(root, "motions").forEach(m -> motions.add(new Motion(required(m, "name").asText(),
                required(m, "kind").asText(), m.path("direction").path(0).asInt(0), m.path("direction").path(1).asInt(0),
                strings(m, "present"), strings(m, "gerund"), strings(m, "heldOutPresent"), strings(m, "heldOutGerund"))));
        JsonNode c = required(root, "captions");
        Captions captions = new Captions(strings(c, "backgroundPhrases"), strings(c, "heldOutBackgroundPhrases"),
                strings(c, "templates"), strings(c, "heldOutTemplates"));
        return new WorldSpec(root.path("fps").asInt(8), List.copyOf(resolutions), List.copyOf(frames), physics,
                List.copyOf(colors), List.copyOf(backgrounds), List.copyOf(shapes), List.copyOf(motions), captions);
    }

    private static NamedColor namedColor(JsonNode c) {
        List<Integer> rgb = new ArrayList<>();
        required(c, "rgb").forEach(v -> rgb.add(v.asInt()));
        return new NamedColor(required(c, "name").asText(), Rgb.of(rgb), strings(c, "words"), strings(c, "extraWords"),
                strings(c, "heldOutWords"));
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        node.path(field).forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("world spec lacks '" + field + "'");
        }
        return v;
    }
}
