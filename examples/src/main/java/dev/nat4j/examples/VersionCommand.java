package dev.nat4j.examples;

import dev.nat4j.examples.cli.Command;
import dev.nat4j.examples.cli.CommandContext;
import dev.nat4j.examples.cli.Json;
import dev.nat4j.examples.cli.Option;
import dev.nat4j.examples.cli.ParsedOptions;
import dev.nat4j.examples.cli.Version;

import java.util.List;

/**
 * {@code nat4j version}: the tool's version and the Java runtime it runs on, as text or JSON. Useful in bug reports.
 *
 * <pre>{@code
 * ./nat4j version --json   # {"nat4j":"0.1.0-SNAPSHOT","java":"17.0.15","javaVendor":"Debian","os":"Linux amd64"}
 * }</pre>
 */
public final class VersionCommand implements Command {
    static final Option JSON = Option.flag("json", "print one JSON object instead of text");

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the nat4j version and the Java runtime";
    }

    @Override
    public List<Option> options() {
        return List.of(JSON);
    }

    @Override
    public List<String> examples() {
        return List.of("nat4j version", "nat4j version --json");
    }

    @Override
    public int run(ParsedOptions options, CommandContext context) {
        String java = System.getProperty("java.version");
        String vendor = System.getProperty("java.vendor");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        if (options.has(JSON)) {
            context.out().println(Json.object()
                    .put("nat4j", Version.current())
                    .put("java", java)
                    .put("javaVendor", vendor)
                    .put("os", os));
        } else {
            context.out().println("nat4j " + Version.current() + " (Java " + java + ", " + vendor + ", " + os + ")");
        }
        return 0;
    }
}
