package dev.nat4j.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.testing.Prerequisites;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lab's plumbing: impairments really show, the traps from the lab notes are really avoided, JVMs really run
 * inside namespaces, and nothing is left behind after close, a JVM exit or a SIGKILL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatLabIT {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern RTT = Pattern.compile("RTT_US (\\d+) FROM ([0-9.]+):(\\d+)");

    private NatLab lab;

    @BeforeAll
    void build() {
        Prerequisites.requireRoot();
        for (String program : new String[] {"ip", "iptables-restore", "iptables", "conntrack", "tc", "python3"}) {
            Prerequisites.requireProgram(program);
        }
        lab = NatLab.builder().lan("a", NatMode.PORT_RESTRICTED_CONE).lan("b", NatMode.SYMMETRIC).build();
    }

    @AfterAll
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private static LabProcess echo(LabNode node, String ip, int port, String... poke) {
        List<String> args = new ArrayList<>(List.of("echo", ip, String.valueOf(port)));
        args.addAll(List.of(poke));
        LabProcess echo = node.java(LabNetTool.class.getName(), List.of(), args);
        assertTrue(echo.awaitOutput("READY", PROCESS_TIMEOUT), "echo did not start: " + echo.stderr());
        return echo;
    }

    /** Round-trip times in microseconds of {@code count} probes from {@code node}. */
    private static List<Long> rtts(LabNode node, int localPort, String ip, int port, int count) {
        LabProcess ping = node.java(LabNetTool.class.getName(), List.of(),
                List.of("ping", String.valueOf(localPort), ip, String.valueOf(port), String.valueOf(count), "2000"));
        assertEquals(0, ping.waitFor(PROCESS_TIMEOUT), ping.stderr());
        List<Long> rtts = new ArrayList<>();
        Matcher matcher = RTT.matcher(ping.stdout());
        while (matcher.find()) {
            rtts.add(Long.parseLong(matcher.group(1)));
        }
        assertEquals(count, rtts.size(), "every probe must be answered:\n" + ping.stdout());
        return rtts;
    }

    @Test
    void latencyImpairmentShowsUpInTheRoundTripTime() {
        String server = lab.server().address().getHostAddress();
        LabProcess echo = echo(lab.server(), server, 5000);
        try {
            LabLink uplink = lab.lan("a").uplink();
            long baseline = rtts(lab.lan("a").host(), 0, server, 5000, 5).stream().min(Long::compare).orElseThrow();
            assertTrue(baseline < 30_000, "unimpaired RTT should be far below the added delay: " + baseline + " us");

            uplink.impair(Impairment.delay(Duration.ofMillis(60)));
            try {
                List<Long> delayed = rtts(lab.lan("a").host(), 0, server, 5000, 5);
                long min = delayed.stream().min(Long::compare).orElseThrow();
                // 60 ms each way on the uplink: at least 120 ms per round trip, and not absurdly more.
                assertTrue(min >= 120_000, "delay missing: " + delayed);
                assertTrue(min < 1_000_000, "delay far too large: " + delayed);
            } finally {
                uplink.clearImpairment();
            }
            long after = rtts(lab.lan("a").host(), 0, server, 5000, 5).stream().min(Long::compare).orElseThrow();
            assertTrue(after < 30_000, "clearing the impairment must restore the RTT: " + after + " us");
        } finally {
            echo.kill();
        }
    }

    @Test
    void lossImpairmentInOneDirectionDropsThatDirectionOnly() {
        String server = lab.server().address().getHostAddress();
        try (LabProcess echo = echo(lab.server(), server, 5001)) {
            LabLink uplink = lab.lan("b").uplink();
            uplink.impair(uplink.near(), Impairment.loss(100));
            try {
                assertEquals(Impairment.none(), uplink.impairment(uplink.far()));
                LabProcess ping = lab.lan("b").host().java(LabNetTool.class.getName(), List.of(),
                        List.of("ping", "0", server, "5001", "3", "300"));
                assertEquals(0, ping.waitFor(PROCESS_TIMEOUT), ping.stderr());
                assertFalse(ping.stdout().contains("RTT_US"), "everything sent up the link must be lost: "
                        + ping.stdout());
                assertFalse(echo.stdout().contains("FROM"), echo.stdout());
            } finally {
                uplink.clearImpairment();
            }
            assertEquals(3, rtts(lab.lan("b").host(), 0, server, 5001, 3).size());
        }
    }

    @Test
    void reorderImpairmentLetsLaterPacketsOvertake() {
        String peer = lab.publicHost().address().getHostAddress();
        LabLink uplink = lab.publicHost().uplink();
        assertEquals(List.of(), outOfOrder(peer, 5002), "an unimpaired link keeps the order");
        uplink.seed(7);
        uplink.impair(uplink.far(), Impairment.delay(Duration.ofMillis(30)).withReorder(50));
        try {
            List<Integer> overtaken = outOfOrder(peer, 5003);
            assertFalse(overtaken.isEmpty(), "half the packets skip the delay, so some must arrive early");
        } finally {
            uplink.clearImpairment();
        }
    }

    /** Sends a burst from the server to an echo on the public host; returns the probes that arrived too early. */
    private List<Integer> outOfOrder(String peer, int port) {
        LabProcess echo = echo(lab.publicHost(), peer, port);
        try {
            LabProcess burst = lab.server().java(LabNetTool.class.getName(), List.of(),
                    List.of("burst", peer, String.valueOf(port), "40"));
            assertEquals(0, burst.waitFor(PROCESS_TIMEOUT), burst.stderr());
            assertTrue(LabAwait.until(() -> echo.stdout().lines().filter(l -> l.startsWith("FROM")).count() >= 40,
                    Duration.ofSeconds(10)), "all 40 probes must arrive: " + echo.stdout());
            List<Integer> order = new ArrayList<>();
            Matcher probe = Pattern.compile("probe (\\d+)").matcher(echo.stdout());
            while (probe.find()) {
                order.add(Integer.parseInt(probe.group(1)));
            }
            List<Integer> early = new ArrayList<>();
            for (int i = 1; i < order.size(); i++) {
                if (order.get(i) < order.get(i - 1)) {
                    early.add(order.get(i));
                }
            }
            return early;
        } finally {
            echo.kill();
        }
    }

    @Test
    void earlyInboundPacketDoesNotBreakPortPreservation() {
        LabLan a = lab.lan("a");
        a.configure(NatMode.PORT_RESTRICTED_CONE, false);
        String wan = a.router().address().getHostAddress();

        assertEquals(40000, mappedPortAfterEarlyPoke(a, 40000, 4000),
                "with the INPUT drop rule the early packet must not steal the port");

        // Negative control: without the drop rule the trap is real, so the test above can fail.
        Commands.check("ip", "netns", "exec", a.router().namespace(), "iptables", "-D", "INPUT", "-i", "wan", "-p",
                "udp", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        try {
            a.resetState();
            assertNotEquals(40001, mappedPortAfterEarlyPoke(a, 40001, 4001),
                    "without the drop rule conntrack should have kept the poke's flow and moved the mapping off "
                            + wan + ":40001");
        } finally {
            a.configure(NatMode.PORT_RESTRICTED_CONE, false);
        }
    }

    /** The public host pokes WAN:port first; then the LAN host sends from port; returns the port the peer saw. */
    private int mappedPortAfterEarlyPoke(LabLan lan, int port, int peerPort) {
        String peer = lab.publicHost().address().getHostAddress();
        String wan = lan.router().address().getHostAddress();
        try (LabProcess echo = echo(lab.publicHost(), peer, peerPort, wan + ":" + port)) {
            rtts(lan.host(), port, peer, peerPort, 1);
            Matcher from = Pattern.compile("FROM " + Pattern.quote(wan) + ":(\\d+)").matcher(echo.stdout());
            assertTrue(from.find(), "the peer must see the router's address: " + echo.stdout());
            return Integer.parseInt(from.group(1));
        }
    }

    @Test
    void udpBlockedStillLetsTcpOut() {
        LabLan b = lab.lan("b");
        b.configure(NatMode.UDP_BLOCKED, false);
        try {
            String peer = lab.publicHost().address().getHostAddress();
            LabProcess listener = lab.publicHost().java(LabNetTool.class.getName(), List.of(),
                    List.of("tcp-listen", peer, "6000"));
            assertTrue(listener.awaitOutput("READY", PROCESS_TIMEOUT), listener.stderr());
            LabProcess connect = b.host().java(LabNetTool.class.getName(), List.of(),
                    List.of("tcp-connect", peer, "6000"));
            assertEquals(0, connect.waitFor(PROCESS_TIMEOUT), connect.stderr());
            assertTrue(connect.stdout().contains("CONNECTED"), connect.stdout());
            assertTrue(listener.awaitOutput("ACCEPTED FROM " + b.externalAddress().getHostAddress() + ":",
                    PROCESS_TIMEOUT), "TCP must leave through the NAT: " + listener.stdout());

            LabProcess udp = b.host().java(LabNetTool.class.getName(), List.of(),
                    List.of("ping", "0", peer, "9", "1", "300"));
            assertEquals(0, udp.waitFor(PROCESS_TIMEOUT), udp.stderr());
            assertTrue(udp.stdout().contains("TIMEOUT"), udp.stdout());
        } finally {
            b.configure(NatMode.SYMMETRIC, false);
        }
    }

    @Test
    void packetsToUnknownAddressesVanishInsteadOfFailing() {
        // From inside the core: with no route at all the send would fail at once with "Network is unreachable".
        LabProcess ping = lab.internet().java(LabNetTool.class.getName(), List.of(),
                List.of("ping", "0", "10.99.0.1", "9", "1", "300"));
        assertEquals(0, ping.waitFor(PROCESS_TIMEOUT), ping.stderr());
        assertTrue(ping.stdout().contains("TIMEOUT"), ping.stdout() + ping.stderr());
    }

    @Test
    void lanHostsReachEachOtherOnlyThroughTheirMappings() {
        // b is symmetric: a's host cannot reach b's private address at all (the core drops it silently).
        LabProcess ping = lab.lan("a").host().java(LabNetTool.class.getName(), List.of(),
                List.of("ping", "0", lab.lan("b").host().address().getHostAddress(), "9", "1", "300"));
        assertEquals(0, ping.waitFor(PROCESS_TIMEOUT), ping.stderr());
        assertTrue(ping.stdout().contains("TIMEOUT"), ping.stdout());
    }

    @Test
    void closeKillsProcessesAndRemovesEveryNamespace() {
        NatLab other = NatLab.builder().lan("x", NatMode.DOUBLE_NAT).lan("y", NatMode.FULL_CONE).build();
        List<String> namespaces = other.namespaces();
        LabProcess sleeper = other.lan("x").host().exec("sleep", "300");
        assertTrue(listNamespaces().containsAll(namespaces));
        other.close();
        assertFalse(sleeper.isAlive());
        List<String> left = listNamespaces();
        for (String ns : namespaces) {
            assertFalse(left.contains(ns), ns + " left behind: " + left);
        }
    }

    @Test
    void shutdownHookCleansUpWhenTheJvmExitsWithoutClose() throws IOException, InterruptedException {
        Process child = probe("exit");
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(out.contains("BUILT"), out);
        String prefix = LabNamespaces.PREFIX + child.pid() + "-";
        assertTrue(listNamespaces().stream().noneMatch(ns -> ns.startsWith(prefix)), listNamespaces().toString());
    }

    @Test
    void sweepRemovesWhatAKilledJvmLeftBehind() throws IOException, InterruptedException {
        Process child = probe("hang");
        try {
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream()));
            String line = reader.readLine();
            assertTrue(line != null && line.startsWith("BUILT"), String.valueOf(line));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String prefix = LabNamespaces.PREFIX + child.pid() + "-";
            assertTrue(listNamespaces().stream().anyMatch(ns -> ns.startsWith(prefix)),
                    "SIGKILL runs no hook, so the namespaces must still be there");

            List<String> removed = LabNamespaces.sweepStale();
            assertTrue(removed.stream().allMatch(ns -> !ns.startsWith(LabNamespaces.PREFIX + ProcessHandle.current().pid()
                    + "-")), "the sweep must never touch a live JVM's lab: " + removed);
            assertTrue(listNamespaces().stream().noneMatch(ns -> ns.startsWith(prefix)), listNamespaces().toString());
            assertTrue(lab.namespaces().stream().allMatch(listNamespaces()::contains), "our own lab must survive");
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process probe(String how) throws IOException {
        return new ProcessBuilder(JavaLauncher.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                LabHookProbeMain.class.getName(), how).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<String> listNamespaces() {
        return LabNamespaces.list();
    }
}
