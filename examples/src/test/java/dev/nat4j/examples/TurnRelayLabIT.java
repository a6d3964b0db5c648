package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.lab.LabLan;
import dev.nat4j.core.lab.LabProcess;
import dev.nat4j.core.lab.NatLab;
import dev.nat4j.core.lab.NatMode;
import dev.nat4j.core.testing.NatMatrixFile;
import dev.nat4j.core.testing.Prerequisites;

/**
 * A TURN allocation and relayed round trips from behind every NAT mode of the lab: our {@code nat4j turn-server} on
 * the server's first public address, a UDP echo peer on the public host, and {@link LabTurnClientMain} on the LAN host,
 * each a separate JVM in its own namespace, so every packet crosses a real kernel NAT. Over UDP the client must
 * allocate from behind every mode except {@link NatMode#UDP_BLOCKED} (where it must not: the mode really blocks UDP)
 * and get every echo back, first through Send/Data indications, then as ChannelData; over TCP it must do the same
 * from behind every mode, UDP_BLOCKED included: while a TURN server is reachable over TCP there is a way through.
 * Results go to {@code target/nat-matrix/turn-lab.tsv} for the README's NAT matrix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TurnRelayLabIT {
    private static final int TURN_PORT = 3478;
    private static final int ECHO_PORT = 7000;
    private static final int ROUND_TRIPS = 20;
    private static final String USER = "alice";
    private static final String PASSWORD = "lab-secret";
    /** Allocation in the lab takes milliseconds; UDP_BLOCKED shows it cannot happen within this. */
    private static final Duration ALLOCATE_LIMIT = Duration.ofSeconds(8);
    /** One client run: start-up, allocation, round trips (3 s at most each when lost) and close, all bounded. */
    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(150);
    private static final NatMatrixFile MATRIX = new NatMatrixFile("turn-lab.tsv",
            "test", "mode", "transport", "allocated", "relayedAddress", "mappedAddress", "roundTripsOk", "sent",
            "allocateMs", "channelData", "error");

    private NatLab lab;
    private LabLan lan;
    private LabProcess server;
    private LabProcess echo;
    private InetAddress turnIp;
    private String peer;

    @BeforeAll
    void startLabServerAndPeer() {
        Prerequisites.requireRoot();
        for (String program : new String[] {"ip", "iptables-restore", "conntrack"}) {
            Prerequisites.requireProgram(program);
        }
        lab = NatLab.builder().lan("a", NatMode.PORT_RESTRICTED_CONE).build();
        lan = lab.lan("a");
        turnIp = lab.server().addresses().get(0);
        InetAddress publicIp = lab.publicHost().address();
        peer = SocketAddresses.format(publicIp, ECHO_PORT);
        // The lab's public side lives in documentation ranges, which the server's default peer filter refuses.
        server = lab.server().java(Main.class, "turn-server",
                "--listen", SocketAddresses.format(turnIp, TURN_PORT),
                "--relay-ip", SocketAddresses.formatIp(turnIp),
                "--realm", "lab.nat4j.dev",
                "--user", USER + ":" + PASSWORD,
                "--allow-peer", SocketAddresses.formatIp(publicIp) + "/32");
        echo = lab.publicHost().java(LabUdpEchoMain.class, peer);
        assertTrue(server.awaitOutput("serving", Duration.ofSeconds(30)),
                "our TURN server did not start\n" + server.stdout() + server.stderr());
        assertTrue(echo.awaitOutput("echoing on", Duration.ofSeconds(30)),
                "the echo peer did not start\n" + echo.stdout() + echo.stderr());
    }

    @AfterAll
    void stop() {
        for (LabProcess p : new LabProcess[] {server, echo}) {
            if (p != null) {
                p.kill();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest
    @EnumSource(NatMode.class)
    void relaysFromBehindEveryModeOverUdpAndTcp(NatMode mode) {
        lan.configure(mode, false);

        Map<String, String> udp = relay(mode, "udp");
        if (mode == NatMode.UDP_BLOCKED) {
            assertEquals("no", udp.get("allocated"), mode + ": the router lets UDP through " + udp);
        } else {
            assertRelayed(mode, udp);
        }
        assertRelayed(mode, relay(mode, "tcp"));
        assertTrue(server.isAlive(), "the TURN server died\n" + server.stderr());
    }

    /** Runs the client once from a router without state, records the row, and returns what it printed. */
    private Map<String, String> relay(NatMode mode, String transport) {
        lan.resetState();
        String uri = "turn:" + SocketAddresses.format(turnIp, TURN_PORT) + "?transport=" + transport;
        LabProcess client = lan.host().java(LabTurnClientMain.class, uri, USER, PASSWORD, peer,
                String.valueOf(ROUND_TRIPS), String.valueOf(ALLOCATE_LIMIT.toMillis()));
        int exit = client.waitFor(CLIENT_LIMIT);
        String out = client.stdout();
        int at = out.indexOf(LabTurnClientMain.RESULT);
        assertTrue(exit == 0 && at >= 0, mode + " " + transport + ": the client failed (exit " + exit + ")\n" + out
                + client.stderr());
        Map<String, String> result = parse(out.substring(at + LabTurnClientMain.RESULT.length()).lines()
                .findFirst().orElse(""));
        result.put("detail", mode + " " + transport + ": " + result + "\n--- client stderr ---\n" + client.stderr());
        MATRIX.record("relay", mode, transport, result.get("allocated"), result.get("relayed"),
                result.get("mapped"), result.get("ok"), result.get("sent"), result.get("allocateMs"),
                "-".equals(result.get("channel")) ? "no" : "yes", result.get("error"));
        return result;
    }

    private void assertRelayed(NatMode mode, Map<String, String> r) {
        String detail = r.get("detail");
        assertEquals("yes", r.get("allocated"), detail);
        assertEquals(String.valueOf(ROUND_TRIPS), r.get("sent"), detail);
        assertEquals(String.valueOf(ROUND_TRIPS), r.get("ok"), detail);
        assertEquals(String.valueOf(ROUND_TRIPS / 2), r.get("channelOk"), "every ChannelData echo: " + detail);
        assertNotEquals("-", r.get("channel"), detail);
        assertEquals(turnIp, SocketAddresses.parse(r.get("relayed")).getAddress(), detail);
        // The server saw the client from where the NAT put it: proof the traffic really crossed the router.
        assertEquals(lan.externalAddress(), SocketAddresses.parse(r.get("mapped")).getAddress(), detail);
    }

    /** {@code key=value key=value ... error=free text} into a map (the error, last, keeps its spaces). */
    static Map<String, String> parse(String line) {
        Map<String, String> result = new LinkedHashMap<>();
        int error = line.indexOf(" error=");
        String head = error < 0 ? line : line.substring(0, error);
        for (String token : head.strip().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                result.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        result.put("error", error < 0 ? "-" : line.substring(error + " error=".length()).strip());
        return result;
    }
}
