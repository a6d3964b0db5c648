package dev.nat4j.examples;

import java.net.InetSocketAddress;
import java.util.List;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.examples.cli.Command;
import dev.nat4j.examples.cli.CommandContext;
import dev.nat4j.examples.cli.Option;
import dev.nat4j.examples.cli.ParsedOptions;
import dev.nat4j.examples.cli.UsageException;
import dev.nat4j.examples.cli.Version;
import dev.nat4j.stun.server.DropReason;
import dev.nat4j.stun.server.Rfc5780Addresses;
import dev.nat4j.stun.server.StunServer;
import dev.nat4j.stun.server.StunServerStats;

/**
 * {@code nat4j stun-server}: a STUN server in the foreground, over UDP and TCP, until Ctrl-C (SIGINT) or SIGTERM.
 * With {@code --alternate} it also serves NAT behaviour discovery (RFC 5780) on the four address/port combinations.
 *
 * <pre>{@code
 * ./nat4j stun-server --listen 0.0.0.0:3478
 * ./nat4j stun-server --listen 192.0.2.1:3478 --alternate 192.0.2.2:3479
 * }</pre>
 */
public final class StunServerCommand implements Command {
    static final Option LISTEN = Option.value("listen", "IP:PORT",
            "address to serve on, UDP and TCP (repeat for more; port 0 picks one)").asRepeatable()
            .withDefault("0.0.0.0:" + StunServer.DEFAULT_PORT);
    static final Option ALTERNATE = Option.value("alternate", "IP2:PORT2",
            "second IP and port of this host for RFC 5780 (NAT behaviour discovery); needs a specific --listen IP");
    static final Option SOFTWARE = Option.flag("software",
            "add a SOFTWARE attribute naming nat4j to every answer (off: smaller answers reflect less)");

    @Override
    public String name() {
        return "stun-server";
    }

    @Override
    public String summary() {
        return "run a STUN server (RFC 8489, optionally RFC 5780) until Ctrl-C";
    }

    @Override
    public String description() {
        return "Answers STUN Binding requests over UDP and TCP, IPv4 and IPv6, on each --listen address. With "
                + "--alternate IP2:PORT2 the first --listen address is A1:P1 and the alternate A2:P2: the server "
                + "binds A1:P1, A2:P1, A1:P2 and A2:P2, adds OTHER-ADDRESS and RESPONSE-ORIGIN to its answers and "
                + "honours CHANGE-REQUEST, so that `nat4j natcheck` can classify NATs against it. Answers are kept "
                + "small (no SOFTWARE unless --software) so that the server is a poor reflector. Prints the bound "
                + "addresses, then runs until Ctrl-C or SIGTERM and prints its counters when it stops.";
    }

    @Override
    public List<Option> options() {
        return List.of(LISTEN, ALTERNATE, SOFTWARE);
    }

    @Override
    public List<String> examples() {
        return List.of("nat4j stun-server --listen 0.0.0.0:3478",
                "nat4j stun-server --listen 127.0.0.1:3478 --listen [::1]:3478",
                "nat4j stun-server --listen 192.0.2.1:3478 --alternate 192.0.2.2:3479 --software");
    }

    @Override
    public int run(ParsedOptions options, CommandContext context) throws Exception {
        StunServer.Builder builder = StunServer.builder();
        for (InetSocketAddress a : options.getSocketAddresses(LISTEN)) {
            builder.listen(a);
        }
        if (options.has(ALTERNATE)) {
            builder.alternate(options.getSocketAddress(ALTERNATE));
        }
        if (options.has(SOFTWARE)) {
            builder.software("nat4j " + Version.current());
        }
        StunServer server;
        try {
            server = builder.start();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        try (server) {
            for (TransportAddress a : server.localAddresses()) {
                context.out().println("listening on " + a.transport().token() + " "
                        + SocketAddresses.format(a.ip(), a.port()));
            }
            Rfc5780Addresses pair = server.rfc5780();
            if (pair != null) {
                context.out().println("RFC 5780: primary " + SocketAddresses.format(pair.primary())
                        + ", alternate (OTHER-ADDRESS) " + SocketAddresses.format(pair.alternate()));
            } else {
                context.out().println("RFC 5780: off (give --alternate IP2:PORT2 for NAT behaviour discovery)");
            }
            context.out().flush();
            context.err().println("serving; Ctrl-C to stop");
            context.awaitStop();
            context.err().println("stopping: " + describe(server.stats()));
        }
        return 0;
    }

    /** One line of counters for the log at shutdown. */
    static String describe(StunServerStats s) {
        StringBuilder b = new StringBuilder()
                .append(s.received()).append(" received, ")
                .append(s.successResponses()).append(" answered, ")
                .append(s.badRequestResponses()).append(" x 400, ")
                .append(s.unknownAttributeResponses()).append(" x 420, ")
                .append(s.droppedTotal()).append(" dropped");
        if (s.droppedTotal() > 0) {
            b.append(" (");
            String sep = "";
            for (DropReason r : DropReason.values()) {
                if (s.dropped(r) > 0) {
                    b.append(sep).append(r.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(s.dropped(r));
                    sep = ", ";
                }
            }
            b.append(')');
        }
        return b.toString();
    }
}
