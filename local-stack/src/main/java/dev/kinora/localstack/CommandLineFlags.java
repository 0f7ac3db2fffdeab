package dev.kinora.localstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads `--name value` and `--name=value` pairs, rejecting anything it does not know. */
final class CommandLineFlags {

    private CommandLineFlags() {}

    static Map<String, String> parse(String[] args, List<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "; known: " + String.join(" ", known));
            }
            if (value == null) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            values.put(name, value);
        }
        return values;
    }
}
