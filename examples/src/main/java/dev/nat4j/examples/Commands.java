package dev.nat4j.examples;

import dev.nat4j.examples.cli.CommandRegistry;

/**
 * The commands of the {@code nat4j} tool, in the order {@code nat4j --help} lists them. To add a command, implement
 * {@link dev.nat4j.examples.cli.Command} and add one {@code .add(...)} line here.
 *
 * <pre>{@code
 * Command natcheck = Commands.registry().find("natcheck");
 * }</pre>
 */
public final class Commands {
    private Commands() {}

    /** A new registry holding every command of the tool. */
    public static CommandRegistry registry() {
        return new CommandRegistry()
                .add(new DemoCommand())
                .add(new NatcheckCommand())
                .add(new StunServerCommand())
                .add(new TurnServerCommand())
                .add(new VersionCommand());
    }
}
