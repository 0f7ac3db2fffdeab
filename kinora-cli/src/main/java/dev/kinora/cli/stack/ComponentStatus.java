package dev.kinora.cli.stack;

/** One line of `kinora status`: a component, where it listens, and how it is doing. */
public record ComponentStatus(String name, String address, String state) {

    public boolean isUp() {
        return state.startsWith("UP");
    }
}
