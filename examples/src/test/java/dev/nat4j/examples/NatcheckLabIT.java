package dev.nat4j.examples;

import dev.nat4j.core.testing.NatMatrixFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.lab.LabLan;
import dev.nat4j.core.lab.LabProcess;
import dev.nat4j.core.lab.NatDiscovery;
import dev.nat4j.core.lab.NatLab;
import dev.nat4j.core.lab.NatMode;
import dev.nat4j.core.testing.Prerequisites;
import dev.nat4j.examples.cli.Cli;
import dev.nat4j.examples.cli.CommandRegistry;
import dev.nat4j.examples.cli.MiniJson;

/**
 * {@code nat4j natcheck --json} from a LAN host behind every NAT mode of the lab, against our own RFC 5780 STUN server
 * on the lab's two public addresses: each mode must be classified as the lab documents it, and exactly as coturn's
 * {@code turnutils_natdiscovery} classifies it against the same server. Both run as separate processes inside the
 * namespaces, so every packet crosses a real kernel NAT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatcheckLabIT {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    /** The server's ports: coturn's natdiscovery asks 3478 and follows OTHER-ADDRESS from there. */
    private static final int PORT = 3478;
    private static final int ALTERNATE_PORT = 3479;
    /** What each mode was measured as, by natcheck and by coturn, for the README's NAT matrix. */
    private static final NatMatrixFile MATRIX = new NatMatrixFile("lab.tsv",
            "test", "mode", "routerHairpin", "mapping", "filtering", "hairpinning", "natType", "natcheckMs",
            "coturnMapping", "coturnFiltering", "coturnHairpinning");

    private NatLab lab;
    private LabProcess server;
    private LabLan lan;
    private InetAddress primary;

    @BeforeAll
    void startLabAndServer() {
        Prerequisites.requireRoot();
        for (String program : new String[] {"ip", "iptables-restore", "conntrack", "tc", "turnutils_natdiscovery"}) {
            Prerequisites.requireProgram(program);
        }
        lab = NatLab.builder().lan("a", NatMode.PORT_RESTRICTED_CONE).build();
        lan = lab.lan("a");
        primary = lab.server().addresses().get(0);
        InetAddress alternate = lab.server().addresses().get(1);
        server = lab.server().java(CliMain.class, "stun-server",
                "--listen", SocketAddresses.format(primary, PORT),
                "--alternate", SocketAddresses.format(alternate, ALTERNATE_PORT));
        assertTrue(server.awaitOutput("serving", Duration.ofSeconds(30)),
                "our STUN server did not start\n" + server.stdout() + server.stderr());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.kill();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** The documented classification of each lab mode: mapping, filtering, natType tokens. */
    private static List<String> expected(NatMode mode) {
        return switch (mode) {
            case OPEN -> List.of("no-nat", "endpoint-independent", "open-internet");
            case FULL_CONE -> List.of("endpoint-independent", "endpoint-independent", "full-cone");
            case RESTRICTED_CONE -> List.of("endpoint-independent", "address-dependent", "restricted-cone");
            case PORT_RESTRICTED_CONE, DOUBLE_NAT ->
                    List.of("endpoint-independent", "address-and-port-dependent", "port-restricted-cone");
            case SYMMETRIC -> List.of("address-and-port-dependent", "address-and-port-dependent", "symmetric");
            case UDP_BLOCKED -> List.of("unknown", "unknown", "udp-blocked");
        };
    }

    private Map<String, Object> natcheck() {
        lan.resetState();
        LabProcess run = lan.host().java(CliMain.class, "natcheck", "--stun", SocketAddresses.format(primary, PORT),
                "--json");
        int exit = run.waitFor(RUN_LIMIT);
        assertEquals(0, exit, "natcheck failed in " + lan + "\n" + run.stdout() + run.stderr());
        return MiniJson.parseObject(run.stdout().strip());
    }

    private static String token(NatDiscovery.Mapping m) {
        return switch (m) {
            case NO_NAT -> "no-nat";
            case ENDPOINT_INDEPENDENT -> "endpoint-independent";
            case ADDRESS_DEPENDENT -> "address-dependent";
            case ADDRESS_AND_PORT_DEPENDENT -> "address-and-port-dependent";
            case NO_RESPONSE -> "unknown";
        };
    }

    private static String token(NatDiscovery.Filtering f) {
        return switch (f) {
            case ENDPOINT_INDEPENDENT -> "endpoint-independent";
            case ADDRESS_DEPENDENT -> "address-dependent";
            case ADDRESS_AND_PORT_DEPENDENT -> "address-and-port-dependent";
            case NO_RESPONSE -> "unknown";
        };
    }

    /** One matrix row: natcheck's verdict and, where it was asked, coturn's ({@code null}: not asked). */
    private static void record(String test, NatMode mode, boolean routerHairpin, Map<String, Object> json,
            String coturnMapping, String coturnFiltering, Optional<Boolean> coturnHairpinning) {
        MATRIX.record(test, mode, routerHairpin ? "on" : "off", json.get("mapping"), json.get("filtering"),
                json.get("hairpinning"), json.get("natType"), json.get("durationMs"), coturnMapping, coturnFiltering,
                coturnHairpinning == null ? null : coturnHairpinning.map(String::valueOf).orElse("unknown"));
    }

    @ParameterizedTest
    @EnumSource(NatMode.class)
    void natcheckClassifiesEveryModeAndAgreesWithCoturn(NatMode mode) {
        lan.configure(mode, false);
        Map<String, Object> json = natcheck();
        String detail = mode + ": " + json;

        // The referee, against the same server, each test from a router with no state left. Both verdicts are
        // recorded before anything is asserted, so the matrix file shows a failing mode too.
        lan.resetState();
        NatDiscovery.Outcome<NatDiscovery.Mapping> mapping = NatDiscovery.mapping(lan.host(), primary);
        lan.resetState();
        NatDiscovery.Outcome<NatDiscovery.Filtering> filtering = NatDiscovery.filtering(lan.host(), primary);
        record("classify", mode, false, json, token(mapping.behaviour()), token(filtering.behaviour()), null);

        assertEquals(expected(mode), List.of(json.get("mapping"), json.get("filtering"), json.get("natType")),
                detail);
        if (mode == NatMode.UDP_BLOCKED) {
            assertEquals(null, json.get("mappedAddress"), detail);
        } else {
            InetSocketAddress mapped = SocketAddresses.parse((String) json.get("mappedAddress"));
            assertEquals(lan.externalAddress(), mapped.getAddress(), detail);
            assertEquals(SocketAddresses.format(lab.server().addresses().get(1), ALTERNATE_PORT),
                    json.get("otherAddress"), detail);
            assertEquals(mode == NatMode.OPEN ? null : Boolean.FALSE, json.get("hairpinning"), detail);
        }
        assertEquals(token(mapping.behaviour()), json.get("mapping"), detail + "\ncoturn:\n" + mapping.output());
        assertEquals(token(filtering.behaviour()), json.get("filtering"), detail + "\ncoturn:\n" + filtering.output());
    }

    @ParameterizedTest
    @EnumSource(value = NatMode.class, names = {"FULL_CONE", "RESTRICTED_CONE", "PORT_RESTRICTED_CONE"})
    void hairpinningFollowsTheRouterAndAgreesWithCoturn(NatMode mode) {
        for (boolean on : new boolean[] {true, false}) {
            lan.configure(mode, on);
            Map<String, Object> json = natcheck();
            lan.resetState();
            NatDiscovery.Outcome<Optional<Boolean>> coturn = NatDiscovery.hairpinning(lan.host(), primary);
            record("hairpin", mode, on, json, null, null, coturn.behaviour());
            assertEquals(on, json.get("hairpinning"), mode + " hairpin " + on + ": " + json);
            assertEquals(expected(mode).get(2), json.get("natType"), mode + ": " + json);
            assertEquals(Optional.of(on), coturn.behaviour(), mode + " coturn\n" + coturn.output());
        }
    }

    /**
     * The {@code nat4j} command line as a process inside a namespace: the tool's own commands, plus natcheck while it
     * is not registered in {@link Commands} yet.
     */
    public static final class CliMain {
        private CliMain() {}

        public static void main(String[] args) {
            CommandRegistry registry = Commands.registry();
            if (registry.find("natcheck") == null) {
                registry.add(new NatcheckCommand());
            }
            System.exit(new Cli(registry, System.in, System.out, System.err).run(args));
        }
    }
}
