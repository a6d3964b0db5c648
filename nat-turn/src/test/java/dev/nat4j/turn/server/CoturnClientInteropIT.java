package dev.nat4j.turn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.testing.Prerequisites;

/**
 * Interop: coturn's {@code turnutils_uclient} against our server over UDP, with {@code turnutils_peer} as the echo
 * peer on loopback (allowed explicitly: loopback peers are refused by default). Channel and Send-indication modes,
 * static and shared-secret credentials; every echoed message must come back.
 */
@Timeout(120)
class CoturnClientInteropIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Pattern LOST = Pattern.compile("Total lost packets (\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("tot_recv_msgs=(\\d+)");

    private TurnServer server;
    private Process peer;
    private int peerPort;
    private int turnPort;

    @BeforeAll
    static void needsCoturnTools() {
        Prerequisites.requireProgram("turnutils_uclient");
        Prerequisites.requireProgram("turnutils_peer");
    }

    @BeforeEach
    void start() throws IOException {
        server = TurnServer.builder().listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK)
                .relayPorts(42000, 42999).realm("interop").user("alice", "wonderland").authSecret("north")
                .allowPeer("127.0.0.1/32")
                // turnutils_uclient 4.6 picks channel numbers up to 0x7FFF (RFC 5766)
                .legacyChannelNumbers(true).eventListener(TurnServer::log).start();
        for (TransportAddress a : server.localAddresses()) {
            if (a.transport() == Transport.UDP) {
                turnPort = a.port();
            }
        }
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peerPort = probe.getLocalPort();
        }
        peer = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", Integer.toString(peerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (peer != null) {
            peer.destroy();
            if (!peer.waitFor(5, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void channelDataRoundTripsWithoutLoss() throws Exception {
        String out = uclient("-u", "alice", "-w", "wonderland");
        assertNoLoss(out, 2 * 50);
        assertTrue(server.stats().packetsToPeers() >= 2 * 50, server.stats().toString());
    }

    @Test
    void sendAndDataIndicationsRoundTripWithoutLoss() throws Exception {
        String out = uclient("-s", "-u", "alice", "-w", "wonderland");
        assertNoLoss(out, 2 * 50);
    }

    @Test
    void sharedSecretCredentialsWork() throws Exception {
        String out = uclient("-u", "bob", "-W", "north");
        assertNoLoss(out, 2 * 50);
    }

    private String uclient(String... auth) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("turnutils_uclient", "-c", "-n", "50", "-m", "2", "-l", "120",
                "-z", "5", "-e", "127.0.0.1", "-r", Integer.toString(peerPort), "-p", Integer.toString(turnPort)));
        cmd.addAll(List.of(auth));
        cmd.add("127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("turnutils_uclient did not finish within 60 s");
            }
            output = p.getInputStream().readAllBytes();
        } finally {
            p.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static void assertNoLoss(String out, int expectedMessages) {
        Matcher lost = LOST.matcher(out);
        assertTrue(lost.find(), out);
        assertEquals("0", lost.group(1), out);
        Matcher received = RECEIVED.matcher(out);
        int last = -1;
        while (received.find()) {
            last = Integer.parseInt(received.group(1));
        }
        assertEquals(expectedMessages, last, out);
    }
}
