package dev.nat4j.examples;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.examples.cli.Command;
import dev.nat4j.examples.cli.CommandContext;
import dev.nat4j.examples.cli.CommandFailedException;
import dev.nat4j.examples.cli.Durations;
import dev.nat4j.examples.cli.Json;
import dev.nat4j.examples.cli.JsonObject;
import dev.nat4j.examples.cli.Option;
import dev.nat4j.examples.cli.ParsedOptions;
import dev.nat4j.stun.discovery.DiscoveryProgress;
import dev.nat4j.stun.discovery.MappingBehavior;
import dev.nat4j.stun.discovery.NatCheck;
import dev.nat4j.stun.discovery.NatCheckException;
import dev.nat4j.stun.discovery.NatReport;

/**
 * {@code nat4j natcheck}: what kind of NAT is this host behind? Runs the RFC 5780 behaviour discovery against a STUN
 * server with two addresses and prints mapping, filtering, hairpinning and the classic NAT type, with progress as each
 * test completes, or one JSON object with {@code --json}.
 *
 * <pre>{@code
 * ./nat4j natcheck --stun 192.0.2.1:3478
 * ./nat4j natcheck --stun stun.example.org --json
 * # {"mappedAddress":"203.0.113.7:40000","mapping":"endpoint-independent","filtering":"address-dependent",...}
 * }</pre>
 *
 * <p>Exit code 0 whenever there is a result, even "UDP blocked" or unknowns; 1 when the check itself failed (server
 * refused the request, no local socket).
 */
public final class NatcheckCommand implements Command {
    static final Option STUN = Option.value("stun", "HOST[:PORT]",
            "STUN server with RFC 5780 support (two addresses); port 3478 when omitted").asRequired();
    static final Option LOCAL = Option.value("local", "IP",
            "local IP to test from (default: the one that routes to the server)");
    static final Option TIMEOUT = Option.value("timeout", "DURATION",
            "how long each probe waits for an answer; filtering tests wait this long for nothing").withDefault("2.2s");
    static final Option LIFETIME = Option.value("lifetime", "DURATION",
            "also estimate the binding lifetime, searching up to this long (slow: minutes)");
    static final Option NO_HAIRPIN = Option.flag("no-hairpin", "skip the hairpinning test");
    static final Option JSON = Option.flag("json", "print one JSON object instead of text (no progress)");

    private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(40);
    /** Room for every probe of a run to time out, plus slack; the engine ends well before. */
    private static final int PROBES_PER_RUN = 8;

    @Override
    public String name() {
        return "natcheck";
    }

    @Override
    public String summary() {
        return "find out what kind of NAT this host is behind (RFC 5780)";
    }

    @Override
    public String description() {
        return "Sends STUN Binding requests from two fresh local UDP sockets to a server with two IP addresses and "
                + "ports (RFC 5780) and reports the mapped address, the NAT's mapping and filtering behaviour (RFC "
                + "4787), hairpinning and the classic NAT type (open internet, full cone, restricted cone, "
                + "port-restricted cone, symmetric, UDP blocked). A server without RFC 5780 support gives the mapped "
                + "address and an honest \"unknown\" for the rest. Exit code 0 whenever there is a result.";
    }

    @Override
    public List<Option> options() {
        return List.of(STUN, LOCAL, TIMEOUT, LIFETIME, NO_HAIRPIN, JSON);
    }

    @Override
    public List<String> examples() {
        return List.of("nat4j natcheck --stun 192.0.2.1:3478", "nat4j natcheck --stun 192.0.2.1 --json",
                "nat4j natcheck --stun 192.0.2.1:3478 --local 10.0.0.5 --timeout 1s");
    }

    @Override
    public int run(ParsedOptions options, CommandContext context) throws Exception {
        InetSocketAddress server = options.getSocketAddress(STUN, 3478);
        InetAddress local = options.getIp(LOCAL);
        Duration probeTimeout = options.getDuration(TIMEOUT, Duration.ofMillis(10), MAX_PROBE_TIMEOUT);
        Duration lifetime = options.has(LIFETIME)
                ? options.getDuration(LIFETIME, Duration.ofMillis(100), Duration.ofHours(1)) : null;
        boolean json = options.has(JSON);

        NatCheck.Builder builder = NatCheck.builder(server).probeTimeout(probeTimeout)
                .hairpinning(!options.has(NO_HAIRPIN));
        if (local != null) {
            builder.localAddress(local);
        }
        if (lifetime != null) {
            builder.bindingLifetime(true, lifetime);
        }
        if (!json) {
            context.err().println("natcheck against " + SocketAddresses.format(server) + " ...");
            builder.progressListener(progressPrinter(context.err()));
        }
        NatCheck check = builder.build();
        Duration limit = probeTimeout.multipliedBy(PROBES_PER_RUN).plusSeconds(10)
                .plus(lifetime == null ? Duration.ZERO : lifetime.multipliedBy(check.config().lifetimeSteps()));
        NatReport report = await(check.run(), limit, context);
        if (json) {
            context.out().println(toJson(report));
        } else {
            printReport(context.out(), report);
        }
        return 0;
    }

    /** Waits for the run, giving up on Ctrl-C or after {@code limit}. */
    static NatReport await(CompletableFuture<NatReport> run, Duration limit, CommandContext context)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                try {
                    return run.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (context.stopRequested()) {
                        run.cancel(false);
                        throw new CommandFailedException("interrupted");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        run.cancel(false);
                        throw new CommandFailedException("no result within " + Durations.format(limit));
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NatCheckException) {
                throw new CommandFailedException(cause.getMessage(), cause);
            }
            throw new CommandFailedException("natcheck failed: " + cause, cause);
        }
    }

    /** Prints each completed test as an indented line. */
    static Consumer<DiscoveryProgress> progressPrinter(PrintStream err) {
        return p -> err.println("  " + p.step().description() + ": " + p.result() + " [" + millis(p.elapsed())
                + "]");
    }

    /** The report as the documented JSON object. */
    static JsonObject toJson(NatReport r) {
        return Json.object()
                .put("mappedAddress", address(r.mappedAddress()))
                .put("localAddress", address(r.localAddress()))
                .put("mapping", r.mapping().token())
                .put("filtering", r.filtering().token())
                .put("hairpinning", r.hairpinning())
                .put("otherAddress", address(r.otherAddress()))
                .put("natType", r.natType().token())
                .put("bindingLifetimeMs", r.bindingLifetime() == null ? null : r.bindingLifetime().toMillis())
                .put("durationMs", r.duration().toMillis())
                .put("reasons", r.reasons());
    }

    /** The report as aligned lines for people. */
    static void printReport(PrintStream out, NatReport r) {
        out.println("NAT type:          " + r.natType().displayName());
        out.println("Mapped address:    " + orNone(address(r.mappedAddress())));
        out.println("Local address:     " + orNone(address(r.localAddress())));
        out.println("Mapping:           " + r.mapping().token());
        out.println("Filtering:         " + r.filtering().token());
        String hairpin = r.hairpinning() != null ? (r.hairpinning() ? "yes" : "no")
                : r.mapping() == MappingBehavior.NO_NAT ? "not applicable (no NAT)" : "unknown";
        out.println("Hairpinning:       " + hairpin);
        out.println("Server OTHER-ADDR: " + orNone(address(r.otherAddress())));
        if (r.bindingLifetime() != null) {
            out.println("Binding lifetime:  at least " + millis(r.bindingLifetime()));
        }
        out.println("Time taken:        " + millis(r.duration()));
        for (String reason : r.reasons()) {
            out.println("Note: " + reason);
        }
    }

    private static String address(InetSocketAddress a) {
        return a == null ? null : SocketAddresses.format(a);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }
}
