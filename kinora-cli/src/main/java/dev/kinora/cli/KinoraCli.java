package dev.kinora.cli;

import dev.kinora.cli.generate.GenerateCommand;
import dev.kinora.cli.generate.GenerateOptions;
import dev.kinora.cli.generate.VideoApi;
import dev.kinora.cli.stack.Component;
import dev.kinora.cli.stack.ComponentStatus;
import dev.kinora.cli.stack.Stack;
import dev.kinora.cli.stack.StackException;
import dev.kinora.cli.stack.StackLayout;
import dev.kinora.cli.verify.VerifyCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** `kinora up | down | status | generate "PROMPT" ... | verify FILE`: the local system from one command. */
public final class KinoraCli {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: kinora <command>",
            "  up                      start Kafka, S3 and the five services (what is not running yet)",
            "  down                    stop the services, then Kafka and S3",
            "  status                  addresses and health of everything",
            "  test [MAVEN ARGS]       run the whole test suite (./mvnw verify with a JDK 21+)",
            "  test --fast [MAVEN ARGS]  only the fast tier: tests not tagged \"service\" (unit, contract, parity)",
            "  generate \"PROMPT\" [--seed N] [--steps N] [--guidance X] [--cache-threshold X] [--width N] [--height N]",
            "           [--frames N] [--negative TEXT] [--out FILE] [--timeout SECONDS]",
            "                          make a video (starts the stack first if needed)",
            "  verify FILE [--manifest M] [--key PUB]",
            "                          check a video against its signed provenance manifest",
            "Ports: KINORA_PROMPT_PORT, KINORA_ENCODER_PORT, KINORA_DENOISER_PORT, KINORA_DECODER_PORT,",
            "       KINORA_STORAGE_PORT, KINORA_KAFKA_PORT, KINORA_CONTROLLER_PORT, KINORA_S3_PORT.");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Supplier<Path> root;

    KinoraCli(PrintStream out, PrintStream err, Map<String, String> env, Supplier<Path> root) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.root = root;
    }

    public static void main(String[] args) {
        KinoraCli cli = new KinoraCli(System.out, System.err, System.getenv(), StackLayout::findRoot);
        System.exit(cli.run(Arrays.asList(args)));
    }

    int run(List<String> args) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "up" -> up(rest);
                case "down" -> down(rest);
                case "status" -> status(rest);
                case "generate" -> generate(rest);
                case "verify" -> new VerifyCommand(out, err,
                        () -> StackLayout.fromEnvironment(root.get(), env).provenancePublicKey()).run(rest);
                default -> usage("unknown command: " + command);
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (StackException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (ConnectException e) {
            err.println("error: a service did not answer (" + e.getMessage() + "); see kinora status and .kinora/logs/");
            return EXIT_FAILED;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return EXIT_FAILED;
        }
    }

    private int up(List<String> args) {
        noArguments("up", args);
        Stack stack = stack();
        stack.up();
        printStatus(stack.status());
        String api = stack.layout().serviceUrl(Component.PROMPT_SERVICE);
        out.println("OpenAI-compatible API: " + api + "/v1 (OpenAPI " + api + "/q/openapi, Swagger UI "
                + api + "/q/swagger-ui)");
        return EXIT_OK;
    }

    private int down(List<String> args) {
        noArguments("down", args);
        stack().down();
        out.println("stopped");
        return EXIT_OK;
    }

    private int status(List<String> args) {
        noArguments("status", args);
        printStatus(stack().status());
        return EXIT_OK;
    }

    private int generate(List<String> args) throws IOException, InterruptedException {
        GenerateOptions options;
        try {
            options = GenerateOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(GenerateOptions.USAGE);
            return EXIT_USAGE;
        }
        Stack stack = stack();
        if (!stack.isUp()) {
            stack.up();
        }
        StackLayout layout = stack.layout();
        VideoApi api = new VideoApi(layout.serviceUrl(Component.PROMPT_SERVICE),
                layout.serviceUrl(Component.STORAGE_SERVICE));
        return new GenerateCommand(api, out, err, Terminal.isInteractive(env)).run(options);
    }

    private Stack stack() {
        // Progress goes to stderr so that stdout carries only results (a path, a table).
        return new Stack(StackLayout.fromEnvironment(root.get(), env), err);
    }

    private void printStatus(Map<String, ComponentStatus> status) {
        for (ComponentStatus component : status.values()) {
            out.printf("%-17s %-24s %s%n", component.name(), component.address(), component.state());
        }
    }

    private static void noArguments(String command, List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException(command + " takes no arguments, got " + args);
        }
    }

    private int usage(String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return EXIT_USAGE;
    }
}
