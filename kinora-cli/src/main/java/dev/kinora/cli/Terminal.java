package dev.kinora.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether a person watches: then progress rewrites one line, else it prints line by line. */
final class Terminal {

    private Terminal() {}

    static boolean isInteractive(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when redirected; isTerminal() tells.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
