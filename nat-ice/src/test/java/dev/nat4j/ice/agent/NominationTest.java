package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.IceRole;
import dev.nat4j.ice.PairState;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.UseCandidate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nomination on both sides (RFC 8445 §7.2.5.3.4, §7.3.1.5, §8.1.1), including USE-CANDIDATE arriving in states where
 * a careless agent would crash or select an unproven pair (SECURITY-NOTES F8).
 */
class NominationTest {
    static final TransportAddress HOST = IncomingCheckTest.HOST;
    static final InetSocketAddress PEER = IncomingCheckTest.PEER;
    static final long T0 = IncomingCheckTest.T0;
    static final long MS = 1_000_000L;

    static IceAgent controlled() {
        IceAgent agent = new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLED)
                .withLocalCredentials(Wire.LOCAL).withTieBreaker(1));
        agent.addHostCandidate(HOST, T0);
        return agent;
    }

    static ByteBuffer useCandidate() {
        Wire.Request r = Wire.request();
        r.controlled = null;
        r.controlling = 7L;
        r.useCandidate = true;
        return r.build();
    }

    /** Answers every check the agent sent to PEER, as the peer would; returns how many. */
    static int answerChecks(IceAgent agent, List<Transmit> sent, long now) {
        int n = 0;
        for (Transmit t : sent) {
            StunMessage m = Wire.parse(t);
            if (m.isRequest() && t.destination().equals(PEER)) {
                agent.handleDatagram(t.source(), PEER, Wire.success(m, t.source().socketAddress(), Wire.REMOTE), now);
                n++;
            }
        }
        return n;
    }

    @Test
    void useCandidateInEveryOddStateNeverThrowsNorSelectsAnUnprovenPair() {
        IceAgent agent = controlled();
        long now = T0;
        // before the peer's credentials: answered, deferred, repeated
        for (int i = 0; i < 5; i++) {
            long at = now + i;
            assertDoesNotThrow(() -> agent.handleDatagram(HOST, PEER, useCandidate(), at));
        }
        assertTrue(agent.selectedPair().isEmpty());
        // from an address nobody signalled, credentials now known: a triggered check, not a selection
        agent.setRemoteCredentials(Wire.REMOTE, now += MS);
        InetSocketAddress stranger = new InetSocketAddress("10.0.0.9", 7000);
        agent.handleDatagram(HOST, stranger, useCandidate(), now += MS);
        assertTrue(agent.selectedPair().isEmpty(), "USE-CANDIDATE on an unchecked pair selects nothing yet");
        assertEquals(IceAgentState.RUNNING, agent.state());
        // let every check fail (no answers; a nominated pair's check is repeated NOMINATION_RETRIES times first),
        // then nominate the Failed pairs again and again
        List<OutgoingCheckTest.Sent> unanswered = OutgoingCheckTest.run(agent, now, now + 120_000 * MS);
        assertFalse(unanswered.isEmpty());
        now += 120_000 * MS;
        assertTrue(agent.pairs().stream().allMatch(p -> p.state() == PairState.FAILED), agent.pairs().toString());
        for (int i = 0; i < 5; i++) {
            long at = now + i;
            assertDoesNotThrow(() -> agent.handleDatagram(HOST, PEER, useCandidate(), at));
            assertDoesNotThrow(() -> agent.handleDatagram(HOST, stranger, useCandidate(), at));
        }
        assertTrue(agent.selectedPair().isEmpty());
        // the re-triggered check to PEER now succeeds: the earlier nomination takes effect (§7.3.1.5)
        List<Transmit> sent = OutgoingCheckTest.run(agent, now, now + 200 * MS).stream()
                .map(OutgoingCheckTest.Sent::transmit).toList();
        assertTrue(answerChecks(agent, sent, now + 300 * MS) > 0);
        assertEquals(IceAgentState.COMPLETED, agent.state());
        CandidatePair selected = agent.selectedPair().orElseThrow();
        assertEquals(PEER, selected.remote().address().socketAddress());
        // after completion: more nominations, for this pair and others, change nothing and never throw
        for (int i = 0; i < 5; i++) {
            long at = now + 400 * MS + i;
            assertDoesNotThrow(() -> agent.handleDatagram(HOST, PEER, useCandidate(), at));
            assertDoesNotThrow(() -> agent.handleDatagram(HOST, stranger, useCandidate(), at));
        }
        assertEquals(selected, agent.selectedPair().orElseThrow());
        assertEquals(IceAgentState.COMPLETED, agent.state());
    }

    @Test
    void useCandidateOnASucceededPairCompletesTheControlledAgentAtOnce() {
        IceAgent agent = controlled();
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(PEER, Wire.PEER_PRIORITY), T0);
        answerChecks(agent, Wire.drain(agent), T0 + MS);
        assertEquals(PairState.SUCCEEDED, agent.pairs().get(0).state());
        assertEquals(IceAgentState.RUNNING, agent.state(), "the controlled agent waits for the nomination");
        Wire.events(agent);
        agent.handleDatagram(HOST, PEER, useCandidate(), T0 + 2 * MS);
        assertEquals(IceAgentState.COMPLETED, agent.state());
        List<IceEvent> events = Wire.events(agent);
        assertTrue(events.stream().anyMatch(e -> e instanceof IceEvent.Completed));
        assertTrue(events.stream().anyMatch(e -> e instanceof IceEvent.SelectedPairChanged));
    }

    @Test
    void aControlledAgentWhosePeerNeverNominatesFailsInTheEnd() {
        IceAgent agent = controlled();
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        agent.addRemoteCandidate(OutgoingCheckTest.remote(PEER, Wire.PEER_PRIORITY), T0);
        answerChecks(agent, Wire.drain(agent), T0 + MS);
        agent.endOfLocalCandidates(T0 + 2 * MS);
        agent.endOfRemoteCandidates(T0 + 2 * MS);
        assertEquals(IceAgentState.RUNNING, agent.state(), "a valid pair: wait for the nomination");
        long deadline = agent.pollTimeout();
        assertTrue(deadline - T0 > 60_000 * MS, "waits longer than the peer's nomination attempts");
        agent.handleTimeout(deadline - 1);
        assertEquals(IceAgentState.RUNNING, agent.state());
        agent.handleTimeout(deadline);
        assertEquals(IceAgentState.FAILED, agent.state());
        assertEquals(Engine.NO_TIMEOUT, agent.pollTimeout(), "nothing more to do");
    }

    @Test
    void theControllingAgentIgnoresUseCandidateAndNominatesOnce() {
        IceAgent agent = new IceAgent(IceAgentConfig.defaults().withRole(IceRole.CONTROLLING)
                .withLocalCredentials(Wire.LOCAL).withTieBreaker(Long.MIN_VALUE));
        agent.addHostCandidate(HOST, T0);
        agent.setRemoteCredentials(Wire.REMOTE, T0);
        Wire.Request r = Wire.request();
        r.useCandidate = true; // from a peer that thinks it is controlled: ICE-CONTROLLED, so no conflict
        agent.handleDatagram(HOST, PEER, r.build(), T0);
        assertTrue(agent.selectedPair().isEmpty(), "only the controlled agent acts on USE-CANDIDATE");
        List<Transmit> first = Wire.drain(agent);
        answerChecks(agent, first, T0 + MS);
        // the only pair succeeded and nothing better is pending: nominate it, once
        List<Transmit> nominations = OutgoingCheckTest.run(agent, T0 + MS, T0 + 100 * MS).stream()
                .map(OutgoingCheckTest.Sent::transmit).filter(t -> Wire.parse(t).has(UseCandidate.TYPE)).toList();
        assertEquals(1, nominations.size());
        answerChecks(agent, nominations, T0 + 120 * MS);
        assertEquals(IceAgentState.COMPLETED, agent.state());
        // Completed: no more checks, only keepalives (Binding indications) on the selected pair, Tr = 15 s apart
        List<OutgoingCheckTest.Sent> after = OutgoingCheckTest.run(agent, T0 + 120 * MS, T0 + 61_000 * MS);
        assertEquals(4, after.size(), "keepalives at 15, 30, 45 and 60 s");
        for (int i = 0; i < after.size(); i++) {
            StunMessage k = Wire.parse(after.get(i).transmit());
            assertTrue(k.isIndication(), "a Binding indication, never a request");
            assertEquals(HOST, after.get(i).transmit().source());
            assertEquals(PEER, after.get(i).transmit().destination());
            if (i > 0) {
                assertTrue(after.get(i).at() - after.get(i - 1).at() >= 15_000 * MS);
            }
        }
        // data on the selected pair postpones the next keepalive: it keeps the bindings open as well
        long t = T0 + 61_000 * MS;
        assertTrue(agent.sendData(ByteBuffer.wrap(new byte[] {42}), t));
        assertEquals(1, Wire.drain(agent).size());
        assertEquals(t + 15_000 * MS, agent.pollTimeout());
    }
}
