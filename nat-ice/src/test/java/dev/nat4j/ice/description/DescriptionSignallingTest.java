package dev.nat4j.ice.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.IceRole;
import dev.nat4j.ice.agent.IceAgent;
import dev.nat4j.ice.agent.IceAgentConfig;
import dev.nat4j.ice.agent.IceAgentState;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two real agents that learn about each other only through descriptions: A's as SDP (with a browser's unusable mDNS
 * and TCP candidates mixed in), B's as JSON. Datagrams go straight from one agent to the other in virtual time, so
 * the test shows the description carries everything connectivity checks need.
 */
class DescriptionSignallingTest {
    private static final long MS = 1_000_000L;
    private static final TransportAddress HOST_A = TransportAddress.udp(new InetSocketAddress("192.0.2.10", 5000));
    private static final TransportAddress HOST_B = TransportAddress.udp(new InetSocketAddress("2001:db8::20", 6000));
    private static final TransportAddress HOST_B4 = TransportAddress.udp(new InetSocketAddress("192.0.2.20", 6000));

    @Test
    void agentsConnectFromEachOthersParsedDescriptions() {
        SplittableRandom random = new SplittableRandom(8839);
        IceAgent a = new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING).withRandom(random.split()));
        IceAgent b = new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLED).withRandom(random.split()));
        long now = 1_000 * MS;
        a.addHostCandidate(HOST_A, now);
        b.addHostCandidate(HOST_B, now);
        b.addHostCandidate(HOST_B4, now);
        a.endOfLocalCandidates(now);
        b.endOfLocalCandidates(now);

        String sdpFromA = new IceDescription(a.localCredentials(), a.localCandidates(), List.of("trickle"), true)
                .toSdp()
                + "a=candidate:9 1 udp 2113937151 5b1c2d3e-0f1a-4b2c-8d3e-4f5a6b7c8d9e.local 5001 typ host\r\n"
                + "a=candidate:10 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active\r\n";
        String jsonFromB = new IceDescription(b.localCredentials(), b.localCandidates(), List.of(), true).toJson();

        IceDescription atB = IceDescription.parseSdp(sdpFromA);
        IceDescription atA = IceDescription.parseJson(jsonFromB);
        assertEquals(2, atB.ignored().size(), atB.ignored().toString());
        assertEquals(a.localCandidates(), atB.candidates());
        assertEquals(b.localCandidates(), atA.candidates());
        apply(b, atB, now);
        apply(a, atA, now);

        for (int step = 0; step < 10_000 && (a.state() == IceAgentState.RUNNING || b.state() == IceAgentState.RUNNING);
                step++) {
            deliver(a, HOST_A, b, now);
            deliver(b, HOST_B, a, now);
            long next = Math.min(a.pollTimeout(), b.pollTimeout());
            if (next == Engine.NO_TIMEOUT) {
                break;
            }
            now = Math.max(now, next);
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
        }

        assertEquals(IceAgentState.COMPLETED, a.state());
        assertEquals(IceAgentState.COMPLETED, b.state());
        CandidatePair pa = a.selectedPair().orElseThrow();
        CandidatePair pb = b.selectedPair().orElseThrow();
        assertEquals(pa.local().address(), pb.remote().address());
        assertEquals(pa.remote().address(), pb.local().address());
        assertTrue(pa.local().address().equals(HOST_A), pa.toString());
    }

    private static void apply(IceAgent agent, IceDescription remote, long now) {
        agent.setRemoteCredentials(remote.credentials(), now);
        remote.candidates().forEach(c -> agent.addRemoteCandidate(c, now));
        if (remote.endOfCandidates()) {
            agent.endOfRemoteCandidates(now);
        }
    }

    /** Hands every pending datagram of {@code from} to {@code to} when addressed to one of its host candidates. */
    private static void deliver(IceAgent from, TransportAddress fromHost, IceAgent to, long now) {
        for (Transmit t = from.pollTransmit(); t != null; t = from.pollTransmit()) {
            TransportAddress source = t.source() != null ? t.source() : fromHost;
            for (var local : to.localCandidates()) {
                if (local.address().socketAddress().equals(t.destination())) {
                    to.handleDatagram(local.address(), source.socketAddress(), t.payload(), now);
                }
            }
        }
    }
}
