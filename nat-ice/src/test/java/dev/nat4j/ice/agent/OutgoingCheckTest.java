package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceRole;
import dev.nat4j.ice.PairState;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.IceControlled;
import dev.nat4j.stun.attribute.IceControlling;
import dev.nat4j.stun.attribute.Priority;
import dev.nat4j.stun.attribute.UseCandidate;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.ShortTermCredentials;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent as a client: what its checks carry, how they are paced and capped, and how responses are judged. */
class OutgoingCheckTest {
    static final TransportAddress HOST = IncomingCheckTest.HOST;
    static final InetSocketAddress PEER = IncomingCheckTest.PEER;
    static final long T0 = IncomingCheckTest.T0;
    static final long MS = 1_000_000L;

    static IceAgent agent(IceAgentConfig config) {
        IceAgent agent = new IceAgent(config.withLocalCredentials(Wire.LOCAL).withTieBreaker(100));
        agent.addHostCandidate(HOST, T0);
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        return agent;
    }

    /** A remote host candidate with a foundation of its own (one IP each, as §5.1.1.3 would give). */
    static IceCandidate remote(InetSocketAddress address, long priority) {
        return remote(address, priority, "f" + (address.getPort() ^ address.getAddress().hashCode() & 0xFFFFFF));
    }

    static IceCandidate remote(InetSocketAddress address, long priority, String foundation) {
        return new IceCandidate(foundation, 1, priority, TransportAddress.udp(address), CandidateType.HOST, null);
    }

    /** Drives the engine on its own deadlines until {@code until}, recording every transmit with its time. */
    record Sent(long at, Transmit transmit) {
    }

    static List<Sent> run(Engine<?> engine, long from, long until) {
        List<Sent> sent = new java.util.ArrayList<>();
        Wire.drain(engine).forEach(t -> sent.add(new Sent(from, t)));
        for (int steps = 0; steps < 100_000; steps++) {
            long next = engine.pollTimeout();
            if (next == Engine.NO_TIMEOUT || next > until) {
                break;
            }
            engine.handleTimeout(next);
            Wire.drain(engine).forEach(t -> sent.add(new Sent(next, t)));
        }
        return sent;
    }

    @Test
    void aCheckCarriesWhatRfc8445Section7Requires() {
        IceAgent agent = agent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING));
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        List<Transmit> out = Wire.drain(agent);
        assertEquals(1, out.size());
        assertEquals(HOST, out.get(0).source(), "sent from the base");
        assertEquals(PEER, out.get(0).destination());
        StunMessage m = Wire.parse(out.get(0));
        assertTrue(m.isRequest());
        assertEquals("REMT:LOCL", m.get(Username.TYPE).value());
        assertEquals(1_862_270_975L - 256, m.get(Priority.TYPE).priority(),
                "prflx type preference with the host's local preference (IPv4: 65534)");
        assertEquals(100, m.get(IceControlling.TYPE).tieBreaker());
        assertFalse(m.has(UseCandidate.TYPE));
        assertTrue(IntegrityCodec.verifyIntegrity(m, ShortTermCredentials.key(Wire.REMOTE.password())));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
    }

    @Test
    void newChecksAreAtLeastTaApartAndRetransmissionsAtLeastAnRto() {
        for (Duration ta : List.of(Duration.ofMillis(50), Duration.ofMillis(5), Duration.ofMillis(120))) {
            IceAgent agent = agent(IceAgentConfig.defaults().withTa(ta));
            for (int i = 0; i < 12; i++) {
                agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.1." + (i + 1), 6000), 1000 + i), T0);
            }
            List<Sent> sent = run(agent, T0, T0 + 60_000 * MS);
            Map<TransactionId, Long> first = new HashMap<>();
            Map<TransactionId, Long> last = new HashMap<>();
            long previousNew = Long.MIN_VALUE;
            for (Sent s : sent) {
                TransactionId id = Wire.parse(s.transmit()).transactionId();
                if (!first.containsKey(id)) {
                    if (previousNew != Long.MIN_VALUE) {
                        assertTrue(s.at() - previousNew >= ta.toNanos(), "new checks " + (s.at() - previousNew)
                                + " ns apart with Ta " + ta);
                    }
                    previousNew = s.at();
                    first.put(id, s.at());
                } else {
                    assertTrue(s.at() - last.get(id) >= 500 * MS, "RTO at least 500 ms");
                }
                last.put(id, s.at());
            }
            assertEquals(12, first.size(), "one check per pair (each pair has its own foundation)");
            assertEquals(12 * IceAgentConfig.DEFAULT_CHECK_POLICY.maxRequests(), sent.size(), "bounded resends");
            assertEquals(IceAgentState.RUNNING, agent.state(), "no end-of-candidates yet");
            agent.endOfRemoteCandidates(T0 + 60_000 * MS);
            agent.endOfLocalCandidates(T0 + 60_000 * MS);
            assertEquals(IceAgentState.FAILED, agent.state());
            IceEvent.Failed failed = Wire.events(agent).stream().filter(e -> e instanceof IceEvent.Failed)
                    .map(e -> (IceEvent.Failed) e).findFirst().orElseThrow();
            assertEquals(12, failed.pairs().size());
        }
    }

    @Test
    void pairsOfOneFoundationAreCheckedOneAfterTheOther() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        for (int i = 0; i < 3; i++) {
            agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.1." + (i + 1), 6000), 1000 + i, "same"), T0);
        }
        List<Sent> sent = run(agent, T0, T0 + 200 * MS);
        assertEquals(1, sent.size(), "the others stay Frozen while one of their foundation is In-Progress");
        assertEquals(2, agent.pairs().stream().filter(p -> p.state() == PairState.FROZEN).count());
        List<Sent> later = run(agent, T0 + 200 * MS, T0 + 25_000 * MS);
        assertEquals(2, later.stream().map(s -> Wire.parse(s.transmit()).transactionId()).distinct().count(),
                "after the first failed, the next one is unfrozen (§6.1.4.2 step 2)");
    }

    @Test
    void aThousandCandidatesAtOneVictimMakeAtMostTheCappedNumberOfPairs() {
        IceAgent agent = agent(IceAgentConfig.defaults().withMaxRemoteCandidates(5000));
        for (int port = 1; port <= 1000; port++) {
            agent.addRemoteCandidate(remote(new InetSocketAddress("198.51.100.7", port), port), T0);
        }
        assertEquals(100, agent.pairs().size());
        List<Sent> sent = run(agent, T0, T0 + 120_000 * MS);
        long distinct = sent.stream().map(s -> Wire.parse(s.transmit()).transactionId()).distinct().count();
        assertTrue(distinct <= 100, "checks to the victim: " + distinct);
        assertTrue(sent.size() <= 100 * IceAgentConfig.DEFAULT_CHECK_POLICY.maxRequests());
        long span = sent.get(sent.size() - 1).at() - sent.get(0).at();
        assertTrue(span >= 15_000 * MS, "spread out, not a burst: " + span);
        // the survivors are the highest-priority pairs, but for the one already In-Progress when the flood began
        assertTrue(agent.pairs().stream().filter(p -> p.pair().remote().priority() <= 900).count() <= 1);
    }

    @Test
    void theCheckListIsOrderedByUnsignedPairPriority() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.2.1", 1), 0x7FFF_FFFFL), T0);
        agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.2.2", 1), 0xFFFF_FFFFL), T0);
        agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.2.3", 1), 0x8000_0000L), T0);
        agent.addRemoteCandidate(remote(new InetSocketAddress("10.0.2.4", 1), 1), T0);
        List<CheckListEntry> pairs = agent.pairs();
        for (int i = 1; i < pairs.size(); i++) {
            assertTrue(Long.compareUnsigned(pairs.get(i - 1).priority(), pairs.get(i).priority()) >= 0, pairs.toString());
        }
        assertEquals(0xFFFF_FFFFL, pairs.get(0).pair().remote().priority());
        assertEquals(1, pairs.get(3).pair().remote().priority());
    }

    @Test
    void aForgedResponseIsDroppedAndTheCheckGoesOn() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        StunMessage check = Wire.parse(Wire.drain(agent).get(0));
        agent.handleDatagram(HOST, PEER, Wire.success(check, PEER, Wire.LOCAL), T0 + MS); // signed with a wrong key
        assertEquals(PairState.IN_PROGRESS, agent.pairs().get(0).state());
        List<Sent> resends = run(agent, T0 + MS, T0 + 600 * MS);
        assertEquals(1, resends.size(), "still retransmitting");
        agent.handleDatagram(HOST, PEER, Wire.success(check, PEER, Wire.REMOTE), T0 + 700 * MS);
        assertEquals(PairState.SUCCEEDED, agent.pairs().get(0).state());
    }

    @Test
    void aResponseFromAnotherAddressFailsThePair() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        StunMessage check = Wire.parse(Wire.drain(agent).get(0));
        InetSocketAddress elsewhere = new InetSocketAddress("10.0.0.3", 6000);
        agent.handleDatagram(HOST, elsewhere, Wire.success(check, PEER, Wire.REMOTE), T0 + MS);
        CheckListEntry pair = agent.pairs().get(0);
        assertEquals(PairState.FAILED, pair.state());
        assertFalse(pair.valid());
        agent.endOfLocalCandidates(T0 + 2 * MS);
        agent.endOfRemoteCandidates(T0 + 2 * MS);
        IceEvent.Failed failed = Wire.events(agent).stream().filter(e -> e instanceof IceEvent.Failed)
                .map(e -> (IceEvent.Failed) e).findFirst().orElseThrow();
        assertEquals(PairFailureReason.NON_SYMMETRIC_RESPONSE, failed.pairs().get(0).reason());
    }

    @Test
    void a487SwitchesRoleChangesTheTieBreakerAndRequeuesThePair() {
        IceAgent agent = agent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING));
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        StunMessage check = Wire.parse(Wire.drain(agent).get(0));
        assertTrue(check.has(IceControlling.TYPE));
        agent.handleDatagram(HOST, PEER, Wire.error(check, ErrorCode.ROLE_CONFLICT, Wire.REMOTE), T0 + MS);
        assertEquals(IceRole.CONTROLLED, agent.role());
        assertNotEquals(100, agent.tieBreaker());
        assertTrue(Wire.events(agent).contains(new IceEvent.RoleChanged(IceRole.CONTROLLED)));
        List<Sent> next = run(agent, T0 + MS, T0 + 60 * MS);
        StunMessage retry = Wire.parse(next.get(0).transmit());
        assertTrue(retry.has(IceControlled.TYPE), "the new role is on the triggered check");
        assertEquals(agent.tieBreaker(), retry.get(IceControlled.TYPE).tieBreaker());
        assertTrue(next.get(0).at() >= T0 + 50 * MS, "paced");
    }

    @Test
    void anErrorResponseFailsThePairWithItsCode() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        StunMessage check = Wire.parse(Wire.drain(agent).get(0));
        agent.handleDatagram(HOST, PEER, Wire.error(check, ErrorCode.BAD_REQUEST, Wire.REMOTE), T0 + MS);
        assertEquals(PairState.FAILED, agent.pairs().get(0).state());
    }

    @Test
    void anAuthenticatedResponseWithAMalformedMappedAddressFailsThePairInsteadOfHangingIt() {
        IceAgent agent = agent(IceAgentConfig.defaults());
        agent.addRemoteCandidate(remote(PEER, Wire.PEER_PRIORITY), T0);
        StunMessage check = Wire.parse(Wire.drain(agent).get(0));
        ByteBuffer bad = new dev.nat4j.stun.StunWriter(ByteBuffer.allocate(256))
                .start(dev.nat4j.stun.StunMethod.BINDING, dev.nat4j.stun.MessageClass.SUCCESS_RESPONSE,
                        check.transactionId())
                .addRaw(dev.nat4j.stun.attribute.XorMappedAddress.CODE, new byte[] {0, 9, 0, 0})
                .addMessageIntegrity(ShortTermCredentials.key(Wire.REMOTE.password()))
                .addFingerprint()
                .finish();
        agent.handleDatagram(HOST, PEER, bad, T0 + MS);
        assertEquals(PairState.FAILED, agent.pairs().get(0).state());
        assertEquals(0, agent.internalErrors());
    }
}
