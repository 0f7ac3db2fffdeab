package dev.kinora.evaluator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Per-clip verdicts plus totals, as a text table for people and JSON for tools and docs. */
public final class EvaluationReport {

    /** Shares in [0, 1] of clips where each measurement matched, over some subset of clips. */
    public record Totals(int clips, double color, double shape, double motion, double background, double consistency,
            double all) {

        static Totals of(List<ClipReport> clips) {
            return new Totals(clips.size(), share(clips, ClipReport::colorMatches), share(clips, ClipReport::shapeMatches),
                    share(clips, ClipReport::motionMatches), share(clips, ClipReport::backgroundMatches),
                    share(clips, ClipReport::consistent), share(clips, ClipReport::matched));
        }

        /** The share for a metric name as the CLI's --min option spells it. */
        public double metric(String name) {
            return switch (name) {
                case "color" -> color;
                case "shape" -> shape;
                case "motion" -> motion;
                case "background" -> background;
                case "consistency" -> consistency;
                case "all" -> all;
                default -> throw new IllegalArgumentException("unknown metric '" + name
                        + "'; one of color, shape, motion, background, consistency, all");
            };
        }

        private static double share(List<ClipReport> clips, Predicate<ClipReport> ok) {
            return clips.isEmpty() ? 0.0 : clips.stream().filter(ok).count() / (double) clips.size();
        }
    }

    private final List<ClipReport> clips;

    public EvaluationReport(List<ClipReport> clips) {
        this.clips = List.copyOf(clips);
    }

    public List<ClipReport> clips() {
        return clips;
    }

    public Totals totals() {
        return Totals.of(clips);
    }

    public Totals templateTotals() {
        return Totals.of(clips.stream().filter(c -> !c.paraphrase()).toList());
    }

    public Totals paraphraseTotals() {
        return Totals.of(clips.stream().filter(ClipReport::paraphrase).toList());
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        String row = "%-40s %-15s %-15s %-21s %-13s %-9s %s%n";
        out.append(String.format(Locale.ROOT, row, "id", "color", "shape", "motion", "background", "1-object", "flicker"));
        for (ClipReport c : clips) {
            out.append(String.format(Locale.ROOT, row, c.id(),
                    cell(c.colorMatches(), c.color()), cell(c.shapeMatches(), c.shape()),
                    cell(c.motionMatches(), c.motion()), cell(c.backgroundMatches(), c.background()),
                    String.format(Locale.ROOT, "%s %.2f", c.consistent() ? "ok" : "NO", c.consistency().singleObjectShare()),
                    String.format(Locale.ROOT, "%.1f", c.consistency().flicker())));
            if (c.error() != null) {
                out.append("    error: ").append(c.error()).append('\n');
            }
        }
        out.append('\n');
        out.append(totalsLine("all", totals()));
        out.append(totalsLine("templates", templateTotals()));
        out.append(totalsLine("paraphrases", paraphraseTotals()));
        return out.toString();
    }

    private static String cell(boolean ok, Measurement m) {
        // A wrong label is upper-cased so mismatches stand out in a long table.
        return ok ? m.label() : "✗" + m.label().toUpperCase(Locale.ROOT);
    }

    private static String totalsLine(String name, Totals t) {
        return String.format(Locale.ROOT,
                "%-12s %3d clips  color %5.1f%%  shape %5.1f%%  motion %5.1f%%  background %5.1f%%  consistency %5.1f%%  all %5.1f%%%n",
                name, t.clips(), 100 * t.color(), 100 * t.shape(), 100 * t.motion(), 100 * t.background(),
                100 * t.consistency(), 100 * t.all());
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode totals = root.putObject("totals");
        totals.set("all", json.valueToTree(totals()));
        totals.set("templates", json.valueToTree(templateTotals()));
        totals.set("paraphrases", json.valueToTree(paraphraseTotals()));
        ArrayNode list = root.putArray("clips");
        for (ClipReport c : clips) {
            ObjectNode n = json.valueToTree(c);
            ObjectNode match = n.putObject("match");
            match.put("color", c.colorMatches());
            match.put("shape", c.shapeMatches());
            match.put("motion", c.motionMatches());
            match.put("background", c.backgroundMatches());
            match.put("consistency", c.consistent());
            match.put("all", c.matched());
            list.add(n);
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }
}
