package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.core.testing.Prerequisites;

/**
 * Interop: coturn's {@code turnutils_stunclient} (Debian package coturn) as the client of our server. Without an
 * alternate it must print our XOR-MAPPED-ADDRESS; with one it runs its RFC 5780 sequence (plain, then CHANGE-REQUEST
 * for both IP and port) and must print our RESPONSE-ORIGIN and OTHER-ADDRESS, as it does against coturn itself.
 */
class StunServerTurnutilsIT {
    private static final String PROGRAM = "turnutils_stunclient";
    private static final long RUN_SECONDS = 20;
    private static final Pattern REFLEXIVE = Pattern.compile("UDP reflexive addr: (\\S+)");
    private static final Pattern ORIGIN = Pattern.compile("Response origin: : (\\S+)");
    private static final Pattern OTHER = Pattern.compile("Other addr: : (\\S+)");

    @BeforeAll
    static void needsCoturnClient() {
        Prerequisites.requireProgram(PROGRAM);
    }

    /** Runs the client and returns its output; fails when it does not finish in time or exits non-zero. */
    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROGRAM);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
                fail(PROGRAM + " did not finish within " + RUN_SECONDS + " s; output so far: "
                        + new String(p.getInputStream().readNBytes(p.getInputStream().available()),
                                StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), PROGRAM + " failed:\n" + out);
            return out;
        } finally {
            p.destroyForcibly(); // only our own child, and only if still running
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void plainBindingIsUnderstood() throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).start()) {
            int port = server.localAddress(Transport.UDP).port();
            String out = run("-p", Integer.toString(port), "127.0.0.1");
            List<String> reflexive = all(REFLEXIVE, out);
            assertTrue(!reflexive.isEmpty(), "no reflexive address in:\n" + out);
            for (String r : reflexive) {
                InetSocketAddress a = SocketAddresses.parse(r);
                assertEquals(InetAddress.getByName("127.0.0.1"), a.getAddress(), out);
                assertTrue(a.getPort() > 0, out);
            }
            assertTrue(server.stats().successResponses() >= 1, server.stats().toString());
            assertEquals(0, server.stats().droppedTotal(), server.stats().toString());
        }
    }

    @Test
    void rfc5780SequenceSeesOriginOtherAddressAndTheChangedSource() throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                .alternate(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))
                .start()) {
            Rfc5780Addresses pair = server.rfc5780();
            String primary = SocketAddresses.format(pair.primary());
            String alternate = SocketAddresses.format(pair.alternate());
            String out = run("-p", Integer.toString(pair.primary().getPort()), "127.0.0.1");

            List<String> origins = all(ORIGIN, out);
            List<String> others = all(OTHER, out);
            assertTrue(out.contains("RFC 5780 response 1") && out.contains("RFC 5780 response 2"),
                    "client did not run its RFC 5780 tests:\n" + out);
            assertEquals(primary, origins.get(0), "first answer from A1:P1:\n" + out);
            assertTrue(origins.contains(alternate), "an answer to CHANGE-REQUEST from A2:P2:\n" + out);
            assertTrue(others.stream().allMatch(alternate::equals), "OTHER-ADDRESS is A2:P2 each time:\n" + out);
            assertTrue(all(REFLEXIVE, out).stream().allMatch(r -> r.startsWith("127.0.0.1:")), out);
            StunServerStats s = server.stats();
            assertTrue(s.changedSourceResponses() >= 1, s.toString());
            assertEquals(0, s.errorResponses() + s.droppedTotal(), s.toString());
        }
    }

    @Test
    void ipv6BindingIsUnderstood() throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(new InetSocketAddress(InetAddress.getByName("::1"), 0)).start()) {
            int port = server.localAddress(Transport.UDP).port();
            String out = run("-p", Integer.toString(port), "::1");
            List<String> reflexive = all(REFLEXIVE, out);
            assertTrue(!reflexive.isEmpty(), "no reflexive address in:\n" + out);
            // coturn prints IPv6 as "::1:PORT"
            assertTrue(reflexive.stream().allMatch(r -> r.matches("::1:[1-9][0-9]*")), out);
            assertTrue(out.contains("IPv6."), out);
            assertTrue(server.stats().successResponses() >= 1, server.stats().toString());
        }
    }
}
