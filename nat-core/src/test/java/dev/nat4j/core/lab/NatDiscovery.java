package dev.nat4j.core.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * coturn's {@code turnutils_natdiscovery} (RFC 5780 NAT behaviour discovery) run from a lab node: the independent
 * referee for the lab's NAT modes and for our own classifier.
 *
 * <p>Each call runs one discovery in a fresh process. The tool exits 0 even when nothing answers; "no response" is
 * read from its output. A run without answers takes a few seconds (coturn's client waits about three seconds per
 * request).
 *
 * <pre>{@code
 * NatDiscovery.Outcome<NatDiscovery.Mapping> m = NatDiscovery.mapping(lan.host(), lab.server().address());
 * assertEquals(NatDiscovery.Mapping.ENDPOINT_INDEPENDENT, m.behaviour(), m.output());
 * }</pre>
 */
public final class NatDiscovery {
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final Pattern REFLEXIVE = Pattern.compile("UDP reflexive addr: ([0-9.]+):(\\d+)");

    private NatDiscovery() {}

    /** RFC 4787 mapping behaviour as the tool reports it. */
    public enum Mapping {
        /** The mapped address is the client's own: no NAT ("No NAT! (Endpoint Independent Mapping)"). */
        NO_NAT,
        /** The same mapping for every destination (EIM). */
        ENDPOINT_INDEPENDENT,
        /** A new mapping per destination address (ADM). */
        ADDRESS_DEPENDENT,
        /** A new mapping per destination address and port (APDM, "symmetric"). */
        ADDRESS_AND_PORT_DEPENDENT,
        /** The server never answered (UDP blocked). */
        NO_RESPONSE
    }

    /** RFC 4787 filtering behaviour as the tool reports it. */
    public enum Filtering {
        /** Anyone may send to a mapping (EIF). */
        ENDPOINT_INDEPENDENT,
        /** Only addresses the host has sent to (ADF). */
        ADDRESS_DEPENDENT,
        /** Only address:port pairs the host has sent to (APDF). */
        ADDRESS_AND_PORT_DEPENDENT,
        /** The server never answered (UDP blocked). */
        NO_RESPONSE
    }

    /**
     * A discovery result with the tool's full output (for assertion messages).
     *
     * @param behaviour what the tool concluded
     * @param output    its standard output and error
     */
    public record Outcome<T>(T behaviour, String output) {
        /** The first server-reflexive (mapped) address the tool printed, if any answer arrived. */
        public Optional<InetSocketAddress> reflexiveAddress() {
            Matcher matcher = REFLEXIVE.matcher(output);
            if (!matcher.find()) {
                return Optional.empty();
            }
            return Optional.of(new InetSocketAddress(NatLab.address(matcher.group(1)),
                    Integer.parseInt(matcher.group(2))));
        }
    }

    /** Mapping behaviour discovery ({@code -m}) from {@code client} against an RFC 5780 server at {@code server}. */
    public static Outcome<Mapping> mapping(LabNode client, InetAddress server) {
        // -L: without a bound local address the tool compares the mapped address with 0.0.0.0 and can never
        // conclude "No NAT". (Only here: with -L the hairpinning test fails with "Address family not supported".)
        String output = run(client, server, "-m", "-L", client.address().getHostAddress());
        Mapping mapping;
        if (output.contains("No NAT!")) {
            mapping = Mapping.NO_NAT;
        } else if (output.contains("NAT with Endpoint Independent Mapping!")) {
            mapping = Mapping.ENDPOINT_INDEPENDENT;
        } else if (output.contains("NAT with Address Dependent Mapping!")) {
            mapping = Mapping.ADDRESS_DEPENDENT;
        } else if (output.contains("NAT with Address and Port Dependent Mapping!")) {
            mapping = Mapping.ADDRESS_AND_PORT_DEPENDENT;
        } else {
            mapping = Mapping.NO_RESPONSE;
        }
        return new Outcome<>(mapping, output);
    }

    /** Filtering behaviour discovery ({@code -f}). */
    public static Outcome<Filtering> filtering(LabNode client, InetAddress server) {
        String output = run(client, server, "-f");
        Filtering filtering;
        if (output.contains("NAT with Endpoint Independent Filtering!")) {
            filtering = Filtering.ENDPOINT_INDEPENDENT;
        } else if (output.contains("NAT with Address Dependent Filtering!")) {
            filtering = Filtering.ADDRESS_DEPENDENT;
        } else if (output.contains("NAT with Address and Port Dependent Filtering!")) {
            filtering = Filtering.ADDRESS_AND_PORT_DEPENDENT;
        } else {
            filtering = Filtering.NO_RESPONSE;
        }
        return new Outcome<>(filtering, output);
    }

    /**
     * Hairpinning discovery ({@code -H}): the tool sends from a second socket to its first socket's mapped address
     * and reports whether that request arrived. Empty when the server never answered.
     */
    public static Outcome<Optional<Boolean>> hairpinning(LabNode client, InetAddress server) {
        String output = run(client, server, "-H");
        Optional<Boolean> hairpin;
        if (!REFLEXIVE.matcher(output).find()) {
            hairpin = Optional.empty();
        } else {
            hairpin = Optional.of(output.contains("Received a request (maybe a successful hairpinning)"));
        }
        return new Outcome<>(hairpin, output);
    }

    private static String run(LabNode client, InetAddress server, String... options) {
        List<String> command = new ArrayList<>();
        command.add("turnutils_natdiscovery");
        command.addAll(List.of(options));
        command.add(server.getHostAddress());
        LabProcess process = client.exec(command);
        process.waitFor(TIMEOUT);
        return process.stdout() + process.stderr();
    }
}
