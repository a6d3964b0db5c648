package dev.nat4j.examples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.examples.cli.Command;
import dev.nat4j.examples.cli.CommandContext;
import dev.nat4j.examples.cli.ParsedOptions;
import dev.nat4j.stun.discovery.NatCheck;
import dev.nat4j.stun.discovery.NatReport;
import dev.nat4j.stun.server.StunServer;

/**
 * {@code nat4j demo}: the whole STUN side on one machine, no set-up. Starts an RFC 5780 STUN server on loopback
 * (127.0.0.1 and 127.0.0.2, ephemeral ports), runs a natcheck against it and prints what it found. On loopback there
 * is no NAT, so the answer is "open internet".
 *
 * <pre>{@code
 * ./nat4j demo
 * }</pre>
 */
public final class DemoCommand implements Command {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run an embedded STUN server on loopback and a natcheck against it";
    }

    @Override
    public List<String> examples() {
        return List.of("nat4j demo");
    }

    @Override
    public int run(ParsedOptions options, CommandContext context) throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .alternate(new InetSocketAddress("127.0.0.2", 0))
                .start()) {
            InetSocketAddress primary = server.rfc5780().primary();
            context.out().println("1. STUN server (RFC 5780) listening on " + SocketAddresses.format(primary)
                    + " with alternate address " + SocketAddresses.format(server.rfc5780().alternate()));
            context.out().println("2. natcheck against it:");
            NatReport report = NatcheckCommand.await(NatCheck.builder(primary)
                    .progressListener(NatcheckCommand.progressPrinter(context.out()))
                    .build().run(), LIMIT, context);
            context.out().println("3. Result:");
            NatcheckCommand.printReport(context.out(), report);
            context.out().println();
            context.out().println("On loopback nothing translates addresses, so this is " + report.natType()
                    .displayName() + ". Run `nat4j natcheck --stun HOST:PORT` against an RFC 5780 server on the "
                    + "internet to see your real NAT.");
        }
        return 0;
    }
}
