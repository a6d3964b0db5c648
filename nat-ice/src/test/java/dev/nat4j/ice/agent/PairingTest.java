package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidatePriority;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceRole;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Local candidates, pairing and pruning (RFC 8445 §5.1, §6.1.2.2, §6.1.2.4). */
class PairingTest {
    static final long T0 = IncomingCheckTest.T0;

    static IceAgent agent() {
        return new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING).withLocalCredentials(Wire.LOCAL));
    }

    @Test
    void hostCandidatesGetUniquePrioritiesAndFoundationsPerInterface() {
        IceAgent agent = agent();
        IceCandidate v4a = agent.addHostCandidate(Wire.udp("192.168.1.2", 5000), T0);
        IceCandidate v4b = agent.addHostCandidate(Wire.udp("10.1.1.2", 5000), T0);
        IceCandidate v6 = agent.addHostCandidate(Wire.udp("2001:db8::2", 5000), T0);
        IceCandidate v4aAgain = agent.addHostCandidate(Wire.udp("192.168.1.2", 5000), T0);
        assertEquals(v4a, v4aAgain, "adding a socket twice gives the same candidate");
        assertEquals(CandidatePriority.candidate(CandidateType.HOST, 65534, 1), v4a.priority());
        assertEquals(CandidatePriority.candidate(CandidateType.HOST, 65532, 1), v4b.priority());
        assertEquals(CandidatePriority.candidate(CandidateType.HOST, 65535, 1), v6.priority(), "IPv6 first");
        Set<String> foundations = new HashSet<>(List.of(v4a.foundation(), v4b.foundation(), v6.foundation()));
        assertEquals(3, foundations.size(), "different base IPs, different foundations");
        assertThrows(IllegalArgumentException.class, () -> agent.addHostCandidate(
                TransportAddress.of(new InetSocketAddress("192.168.1.2", 1), dev.nat4j.core.Transport.TCP), T0));
    }

    @Test
    void serverReflexiveCandidatesAreSentFromTheirBaseAndAddNoPairs() throws Exception {
        IceAgent agent = agent();
        TransportAddress base = Wire.udp("192.168.1.2", 5000);
        IceCandidate host = agent.addHostCandidate(base, T0);
        InetAddress stun = InetAddress.getByName("192.0.2.1");
        IceCandidate srflx = agent.addServerReflexiveCandidate(Wire.udp("203.0.113.1", 40000), base, stun, T0);
        assertEquals(CandidateType.SERVER_REFLEXIVE, srflx.type());
        assertEquals(base.socketAddress(), srflx.relatedAddress());
        assertEquals(CandidatePriority.localPreferenceOf(host.priority()),
                CandidatePriority.localPreferenceOf(srflx.priority()));
        assertNotEquals(host.foundation(), srflx.foundation());
        assertNull(agent.addServerReflexiveCandidate(base, base, stun, T0), "no NAT: redundant with the host");
        assertThrows(IllegalArgumentException.class,
                () -> agent.addServerReflexiveCandidate(Wire.udp("203.0.113.1", 1), Wire.udp("10.9.9.9", 1), stun, T0));
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("198.51.100.9", 6000), 5), T0);
        List<CheckListEntry> pairs = agent.pairs();
        assertEquals(1, pairs.size(), "the srflx pair is the host pair after replacing it by its base, pruned");
        assertEquals(host, pairs.get(0).pair().local());
        assertEquals(base, Wire.drain(agent).get(0).source());
    }

    @Test
    void onlySameFamilyAndMatchingLinkLocalScopePair() {
        IceAgent agent = agent();
        agent.addHostCandidate(Wire.udp("192.168.1.2", 5000), T0);
        agent.addHostCandidate(Wire.udp("2001:db8::2", 5000), T0);
        agent.addHostCandidate(Wire.udp("fe80::2", 5000), T0);
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("198.51.100.9", 6000), 5), T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("2001:db8::9", 6000), 6), T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("fe80::9", 6000), 7), T0);
        assertEquals(3, agent.pairs().size());
        for (CheckListEntry e : agent.pairs()) {
            TransportAddress l = e.pair().local().address();
            TransportAddress r = e.pair().remote().address();
            assertEquals(l.isIpv6(), r.isIpv6(), e.toString());
            assertEquals(l.ip().isLinkLocalAddress(), r.ip().isLinkLocalAddress(), e.toString());
        }
    }

    @Test
    void remoteCandidatesThatCannotBeUsedAreRefused() {
        IceAgent agent = agent();
        agent.addHostCandidate(Wire.udp("192.168.1.2", 5000), T0);
        InetSocketAddress at = new InetSocketAddress("198.51.100.9", 6000);
        assertTrue(agent.addRemoteCandidate(OutgoingCheckTest.remote(at, 5), T0));
        assertFalse(agent.addRemoteCandidate(OutgoingCheckTest.remote(at, 9), T0), "duplicate address");
        assertFalse(agent.addRemoteCandidate(new IceCandidate("x", 2, 5, Wire.udp("198.51.100.10", 1),
                CandidateType.HOST, null), T0), "component 2");
        assertFalse(agent.addRemoteCandidate(new IceCandidate("x", 1, 5, TransportAddress.of(
                new InetSocketAddress("198.51.100.11", 1), dev.nat4j.core.Transport.TCP), CandidateType.HOST, null),
                T0), "TCP");
        IceAgent capped = new IceAgent(IceAgentConfig.defaults().withMaxRemoteCandidates(2));
        assertTrue(capped.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("10.0.0.1", 1), 1), T0));
        assertTrue(capped.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("10.0.0.2", 1), 1), T0));
        assertFalse(capped.addRemoteCandidate(OutgoingCheckTest.remote(new InetSocketAddress("10.0.0.3", 1), 1), T0));
    }
}
