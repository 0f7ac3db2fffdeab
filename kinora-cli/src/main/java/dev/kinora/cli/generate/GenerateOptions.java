package dev.kinora.cli.generate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What `kinora generate` was asked for. Every generation setting is optional: what the user
 * leaves out stays out of the request, and the server applies the model bundle's defaults.
 */
public record GenerateOptions(
        String prompt,
        Optional<String> negativePrompt,
        Optional<Integer> width,
        Optional<Integer> height,
        Optional<Integer> frames,
        Optional<Integer> steps,
        Optional<Double> guidanceScale,
        Optional<Double> cacheThreshold,
        Optional<Long> seed,
        Optional<Path> out,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final String USAGE = "usage: kinora generate \"PROMPT\" [--seed N] [--steps N] [--guidance X]"
            + " [--cache-threshold X] [--width N] [--height N] [--frames N] [--negative TEXT] [--out FILE] [--timeout SECONDS]";

    public static GenerateOptions parse(List<String> args) {
        String prompt = null;
        Optional<String> negative = Optional.empty();
        Optional<Integer> width = Optional.empty();
        Optional<Integer> height = Optional.empty();
        Optional<Integer> frames = Optional.empty();
        Optional<Integer> steps = Optional.empty();
        Optional<Double> guidance = Optional.empty();
        Optional<Double> cacheThreshold = Optional.empty();
        Optional<Long> seed = Optional.empty();
        Optional<Path> out = Optional.empty();
        Duration timeout = DEFAULT_TIMEOUT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (prompt != null) {
                    throw new IllegalArgumentException("one prompt only (quote it): got \"" + prompt + "\" and \"" + arg + "\"");
                }
                prompt = arg;
                continue;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--negative" -> negative = Optional.of(value);
                case "--width" -> width = Optional.of(positiveInt(name, value));
                case "--height" -> height = Optional.of(positiveInt(name, value));
                case "--frames" -> frames = Optional.of(positiveInt(name, value));
                case "--steps" -> steps = Optional.of(positiveInt(name, value));
                case "--guidance" -> guidance = Optional.of(number(name, value));
                case "--cache-threshold" -> cacheThreshold = Optional.of(number(name, value));
                case "--seed" -> seed = Optional.of(longValue(name, value));
                case "--out" -> out = Optional.of(Path.of(value));
                case "--timeout" -> timeout = Duration.ofSeconds(positiveInt(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("a prompt is required");
        }
        return new GenerateOptions(prompt, negative, width, height, frames, steps, guidance, cacheThreshold, seed, out,
                timeout);
    }

    /** Where the video goes: --out, or kinora-JOBID.mp4 in the directory the user ran from. */
    public Path outputFor(String jobId) {
        return out.orElse(Path.of("kinora-" + jobId + ".mp4")).toAbsolutePath().normalize();
    }

    private static int positiveInt(String name, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(name + " wants a positive whole number, got \"" + value + "\"");
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a whole number, got \"" + value + "\"");
        }
    }

    private static double number(String name, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(name + " wants a number, got \"" + value + "\"");
    }
}
