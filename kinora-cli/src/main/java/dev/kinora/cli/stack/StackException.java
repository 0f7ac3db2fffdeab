package dev.kinora.cli.stack;

/** Something the user can act on, told in the message; the CLI prints it without a stack trace. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }
}
