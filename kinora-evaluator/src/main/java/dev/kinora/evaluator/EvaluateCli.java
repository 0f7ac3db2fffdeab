package dev.kinora.evaluator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report command. {@code evaluate} scores existing MP4s; {@code generate} first makes the
 * suite's videos through a running Kinora, then scores them. Both print a table, write a JSON
 * report, and exit 3 when a {@code --min} quality gate is not met.
 */
public final class EvaluateCli {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int GATE_FAILED = 3;

    static final String USAGE_TEXT = """
            usage: java -jar kinora-evaluator/target/kinora-evaluator.jar COMMAND [OPTIONS]

              evaluate --videos DIR          score DIR/<prompt id>.mp4 for each suite prompt that has one
              evaluate --clip ID=FILE ...    score explicit (prompt id, mp4) pairs (repeatable)
              generate --out DIR             generate every suite prompt through Kinora's REST API into
                                             DIR/<prompt id>.mp4, then score them
                 --prompt-url URL            prompt-service (default http://127.0.0.1:8081)
                 --content-url URL           where videos download from (default: the prompt URL)
                 --timeout-s N               per-job limit (default 600)
                 --steps N, --guidance G     sampler settings (default: the model bundle's)
                 --scheduler NAME            flow-euler or flow-dpm++2m (default: the denoiser's)
                 --cache-threshold X         step caching per request, 0 = off (default: the denoiser's);
                                             the run ends with videos/min and transformer calls per video

            common options:
              --suite FILE        prompt suite JSON (default: the bundled prompt-suite.json)
              --world FILE        world spec (default: <repo>/tools/model/world.json, found via -Dkinora.root,
                                  KINORA_ROOT or the working directory)
              --only ID,ID        restrict to these prompt ids
              --paraphrases | --templates   restrict to one half of the suite
              --limit N           at most N prompts
              --report FILE       JSON report (default: DIR/evaluation.json, or evaluation.json)
              --min METRIC=SHARE  quality gate, repeatable; METRIC is color, shape, motion, background,
                                  consistency or all; exit 3 when a share (0..1) is below its minimum
            """;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kinora-evaluator: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (o.command.equals("help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        try {
            WorldSpec world = WorldSpec.load(o.world != null ? o.world : WorldSpec.locate());
            PromptSuite suite = o.suite != null ? PromptSuite.load(o.suite) : PromptSuite.bundled();
            List<SuitePrompt> prompts = select(suite, o);
            Map<SuitePrompt, Path> videos = o.command.equals("generate") ? generate(prompts, o, out) : existing(suite, prompts, o, err);
            if (videos.isEmpty()) {
                err.println("kinora-evaluator: no videos to evaluate");
                return USAGE;
            }
            ClipEvaluator evaluator = new ClipEvaluator(world);
            List<ClipReport> clips = new ArrayList<>();
            for (Map.Entry<SuitePrompt, Path> v : videos.entrySet()) {
                clips.add(v.getValue() == null ? ClipReport.failed(v.getKey(), "", "not generated")
                        : evaluator.evaluate(v.getKey(), v.getValue()));
            }
            EvaluationReport report = new EvaluationReport(clips);
            out.print(report.table());
            Path reportFile = o.report != null ? o.report
                    : o.videoDir != null ? o.videoDir.resolve("evaluation.json") : Path.of("evaluation.json");
            report.writeJson(reportFile);
            out.println("report: " + reportFile);
            return gate(report, o.minimums, out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("kinora-evaluator: " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("kinora-evaluator: interrupted");
            return USAGE;
        }
    }

    private static List<SuitePrompt> select(PromptSuite suite, Options o) {
        List<SuitePrompt> chosen = new ArrayList<>();
        for (SuitePrompt p : suite.prompts()) {
            if (o.only != null && !o.only.contains(p.id())) {
                continue;
            }
            if ((o.half.equals("paraphrases") && !p.paraphrase()) || (o.half.equals("templates") && p.paraphrase())) {
                continue;
            }
            if (chosen.size() < o.limit) {
                chosen.add(p);
            }
        }
        if (o.only != null) {
            for (String id : o.only) {
                suite.byId(id).orElseThrow(() -> new IllegalArgumentException("no prompt '" + id + "' in the suite"));
            }
        }
        return chosen;
    }

    private static Map<SuitePrompt, Path> existing(PromptSuite suite, List<SuitePrompt> prompts, Options o, PrintStream err) {
        Map<SuitePrompt, Path> videos = new LinkedHashMap<>();
        for (Map.Entry<String, Path> pair : o.clips.entrySet()) {
            SuitePrompt p = suite.byId(pair.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("no prompt '" + pair.getKey() + "' in the suite"));
            videos.put(p, pair.getValue());
        }
        if (o.videoDir != null) {
            int missing = 0;
            for (SuitePrompt p : prompts) {
                Path file = o.videoDir.resolve(p.id() + ".mp4");
                if (Files.isRegularFile(file)) {
                    videos.put(p, file);
                } else {
                    missing++;
                }
            }
            if (missing > 0) {
                err.println("kinora-evaluator: " + missing + " suite prompt(s) have no video in " + o.videoDir + "; skipped");
            }
        }
        return videos;
    }

    private static Map<SuitePrompt, Path> generate(List<SuitePrompt> prompts, Options o, PrintStream out)
            throws InterruptedException {
        String contentUrl = o.contentUrl == null ? o.promptUrl : o.contentUrl;
        KinoraVideoClient client = new KinoraVideoClient(o.promptUrl, contentUrl, Duration.ofMillis(500),
                Duration.ofSeconds(o.timeoutSeconds),
                new SamplerSettings(o.steps, o.guidance, o.scheduler, o.cacheThreshold));
        // One prefix per run, so prompt-service never hands back a previous run's job.
        String runPrefix = "eval-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        Map<SuitePrompt, Path> videos = new LinkedHashMap<>();
        int n = 0;
        int made = 0;
        long calls = 0;
        long runStarted = System.nanoTime();
        for (SuitePrompt p : prompts) {
            n++;
            long started = System.nanoTime();
            KinoraVideoClient.Outcome outcome = client.generate(p, runPrefix, o.videoDir.resolve(p.id() + ".mp4"));
            out.printf(Locale.ROOT, "[%d/%d] %s %s (%.1f s)%n", n, prompts.size(), p.id(),
                    outcome.ok() ? "generated, " + outcome.transformerCalls() + " transformer calls" : "FAILED: " + outcome.error(),
                    (System.nanoTime() - started) / 1e9);
            videos.put(p, outcome.video());
            if (outcome.ok()) {
                made++;
                calls += outcome.transformerCalls() == null ? 0 : outcome.transformerCalls();
            }
        }
        double minutes = (System.nanoTime() - runStarted) / 60e9;
        out.printf(Locale.ROOT, "generated %d videos in %.1f min: %.2f videos/min, %.2f transformer calls per video%n",
                made, minutes, made / minutes, made == 0 ? 0.0 : (double) calls / made);
        return videos;
    }

    private static int gate(EvaluationReport report, Map<String, Double> minimums, PrintStream out) {
        boolean passed = true;
        for (Map.Entry<String, Double> min : minimums.entrySet()) {
            double got = report.totals().metric(min.getKey());
            boolean ok = got >= min.getValue();
            passed &= ok;
            out.printf(Locale.ROOT, "gate %s: %.3f %s %.3f%n", min.getKey(), got, ok ? ">=" : "< ", min.getValue());
        }
        return passed ? OK : GATE_FAILED;
    }

    /** The parsed command line. */
    static final class Options {
        String command;
        Path videoDir;
        final Map<String, Path> clips = new LinkedHashMap<>();
        Path suite;
        Path world;
        Path report;
        Set<String> only;
        String half = "";
        int limit = Integer.MAX_VALUE;
        String promptUrl = "http://127.0.0.1:8081";
        String contentUrl; // null: prompt-service serves the downloads too
        long timeoutSeconds = 600;
        Integer steps;
        Double guidance;
        String scheduler;
        Double cacheThreshold;
        final Map<String, Double> minimums = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length == 0) {
                throw new IllegalArgumentException("no command");
            }
            o.command = args[0];
            if (Set.of("help", "--help", "-h").contains(o.command)) {
                o.command = "help";
                return o;
            }
            if (!o.command.equals("evaluate") && !o.command.equals("generate")) {
                throw new IllegalArgumentException("unknown command '" + o.command + "'");
            }
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--videos", "--out" -> o.videoDir = Path.of(value(args, ++i, a));
                    case "--clip" -> {
                        String pair = value(args, ++i, a);
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--clip wants ID=FILE, got " + pair);
                        }
                        o.clips.put(pair.substring(0, eq), Path.of(pair.substring(eq + 1)));
                    }
                    case "--suite" -> o.suite = Path.of(value(args, ++i, a));
                    case "--world" -> o.world = Path.of(value(args, ++i, a));
                    case "--report" -> o.report = Path.of(value(args, ++i, a));
                    case "--only" -> o.only = Set.of(value(args, ++i, a).split(","));
                    case "--paraphrases" -> o.half = "paraphrases";
                    case "--templates" -> o.half = "templates";
                    case "--limit" -> o.limit = Integer.parseInt(value(args, ++i, a));
                    case "--prompt-url" -> o.promptUrl = value(args, ++i, a);
                    case "--content-url" -> o.contentUrl = value(args, ++i, a);
                    case "--timeout-s" -> o.timeoutSeconds = Long.parseLong(value(args, ++i, a));
                    case "--steps" -> o.steps = Integer.parseInt(value(args, ++i, a));
                    case "--guidance" -> o.guidance = Double.parseDouble(value(args, ++i, a));
                    case "--scheduler" -> o.scheduler = value(args, ++i, a);
                    case "--cache-threshold" -> o.cacheThreshold = Double.parseDouble(value(args, ++i, a));
                    case "--min" -> {
                        String gate = value(args, ++i, a);
                        int eq = gate.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--min wants METRIC=SHARE, got " + gate);
                        }
                        String metric = gate.substring(0, eq);
                        new EvaluationReport.Totals(0, 0, 0, 0, 0, 0, 0).metric(metric); // rejects unknown names now
                        o.minimums.put(metric, Double.parseDouble(gate.substring(eq + 1)));
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (o.command.equals("generate") && o.videoDir == null) {
                throw new IllegalArgumentException("generate needs --out DIR");
            }
            if (o.command.equals("evaluate") && o.videoDir == null && o.clips.isEmpty()) {
                throw new IllegalArgumentException("evaluate needs --videos DIR or --clip ID=FILE");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
