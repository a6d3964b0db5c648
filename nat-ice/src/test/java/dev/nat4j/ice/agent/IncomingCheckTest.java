package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.ShortTermCredentials;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent as a STUN server for checks (RFC 8445 §7.3; SECURITY-NOTES F4): who gets what answer, and what state. */
class IncomingCheckTest {
    static final TransportAddress HOST = Wire.udp("10.0.0.1", 5000);
    static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 6000);
    static final long T0 = 1_000_000_000L;

    static IceAgent agent(IceRole role) {
        IceAgent agent = new IceAgent(IceAgentConfig.defaults().withRole(role).withLocalCredentials(Wire.LOCAL)
                .withTieBreaker(100));
        agent.addHostCandidate(HOST, T0);
        Wire.events(agent);
        return agent;
    }

    @Test
    void anAuthenticatedCheckGetsItsMappedAddressSigned() {
        IceAgent agent = agent(IceRole.CONTROLLING);
        Wire.Request r = Wire.request();
        agent.handleDatagram(HOST, PEER, r.build(), T0);
        List<Transmit> out = Wire.drain(agent);
        assertEquals(1, out.size());
        Transmit t = out.get(0);
        assertEquals(HOST, t.source());
        assertEquals(PEER, t.destination());
        StunMessage m = Wire.parse(t);
        assertTrue(m.isSuccessResponse());
        assertTrue(m.hasTransactionId(r.id));
        assertEquals(PEER, m.get(XorMappedAddress.TYPE).address());
        assertTrue(IntegrityCodec.verifyIntegrity(m, ShortTermCredentials.key(Wire.LOCAL.password())));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
    }

    static void expectError(int code, Consumer<Wire.Request> spoil) {
        IceAgent agent = agent(IceRole.CONTROLLED);
        Wire.Request r = Wire.request();
        r.useCandidate = true;
        spoil.accept(r);
        agent.handleDatagram(HOST, PEER, r.build(), T0);
        List<Transmit> out = Wire.drain(agent);
        assertEquals(1, out.size(), "one answer");
        StunMessage m = Wire.parse(out.get(0));
        assertTrue(m.isErrorResponse());
        assertEquals(code, m.get(ErrorCode.TYPE).code());
        assertEquals(-1, m.integrityIndex(), "an unauthenticated request gets an unsigned error");
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        expectNoState(agent);
    }

    /** No peer-reflexive candidate, no pair, no event, and no triggered check even once the peer is known. */
    static void expectNoState(IceAgent agent) {
        assertTrue(agent.remoteCandidates().isEmpty());
        assertTrue(agent.pairs().isEmpty());
        assertTrue(Wire.events(agent).isEmpty());
        agent.setRemoteCredentials(Wire.REMOTE, T0 + 1);
        agent.handleTimeout(T0 + 2_000_000_000L);
        assertTrue(Wire.drain(agent).isEmpty(), "no check to the sender");
        assertTrue(agent.pairs().isEmpty());
        assertEquals(IceAgentState.RUNNING, agent.state());
    }

    @Test
    void wrongUfragGets401() {
        expectError(ErrorCode.UNAUTHENTICATED, r -> r.username = "WRONG:" + Wire.REMOTE.ufrag());
    }

    @Test
    void usernameWithoutColonGets401() {
        expectError(ErrorCode.UNAUTHENTICATED, r -> r.username = Wire.LOCAL.ufrag());
    }

    @Test
    void integrityWithAnotherPasswordGets401() {
        expectError(ErrorCode.UNAUTHENTICATED, r -> r.key = ShortTermCredentials.key(Wire.REMOTE.password()));
    }

    @Test
    void missingUsernameGets400() {
        expectError(ErrorCode.BAD_REQUEST, r -> r.username = null);
    }

    @Test
    void missingIntegrityGets400() {
        expectError(ErrorCode.BAD_REQUEST, r -> r.key = null);
    }

    @Test
    void missingFingerprintIsDroppedSilently() {
        IceAgent agent = agent(IceRole.CONTROLLED);
        Wire.Request r = Wire.request();
        r.fingerprint = false;
        agent.handleDatagram(HOST, PEER, r.build(), T0);
        assertTrue(Wire.drain(agent).isEmpty());
        expectNoState(agent);
    }

    @Test
    void authenticatedCheckWithoutPriorityGets400SignedAndNoState() {
        IceAgent agent = agent(IceRole.CONTROLLED);
        Wire.Request r = Wire.request();
        r.priority = null;
        agent.handleDatagram(HOST, PEER, r.build(), T0);
        StunMessage m = Wire.parse(Wire.drain(agent).get(0));
        assertEquals(ErrorCode.BAD_REQUEST, m.get(ErrorCode.TYPE).code());
        assertTrue(IntegrityCodec.verifyIntegrity(m, ShortTermCredentials.key(Wire.LOCAL.password())));
        expectNoState(agent);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 19, 20, 21, 64})
    void garbageNeverThrowsAndGetsNoAnswer(int length) {
        IceAgent agent = agent(IceRole.CONTROLLED);
        byte[] junk = new byte[length];
        for (int i = 0; i < length; i++) {
            junk[i] = (byte) (i * 37);
        }
        if (length > 0) {
            junk[0] = 0;
        }
        agent.handleDatagram(HOST, PEER, ByteBuffer.wrap(junk), T0);
        assertTrue(Wire.drain(agent).isEmpty());
        assertTrue(agent.pairs().isEmpty());
    }

    @Test
    void aCheckBeforeTheAnswerIsAnsweredAndTriggeredOnceCredentialsArrive() {
        IceAgent agent = agent(IceRole.CONTROLLED);
        agent.handleDatagram(HOST, PEER, Wire.request().build(), T0);
        assertEquals(1, Wire.drain(agent).size(), "answered at once (§7.3)");
        assertTrue(agent.remoteCandidates().isEmpty(), "state waits for the peer's credentials");
        agent.setRemoteCredentials(Wire.REMOTE, T0 + 1);
        List<Transmit> out = Wire.drain(agent);
        assertEquals(1, out.size(), "the triggered check");
        assertEquals(PEER, out.get(0).destination());
        assertEquals(HOST, out.get(0).source());
        assertEquals(1, agent.remoteCandidates().size());
        assertEquals(dev.nat4j.ice.CandidateType.PEER_REFLEXIVE, agent.remoteCandidates().get(0).type());
        assertEquals(Wire.PEER_PRIORITY, agent.remoteCandidates().get(0).priority());
    }

    @Test
    void nonStunDataFromAStrangerIsNotSurfaced() {
        IceAgent agent = agent(IceRole.CONTROLLED);
        agent.handleDatagram(HOST, PEER, ByteBuffer.wrap(new byte[] {(byte) 0x80, 1, 2, 3}), T0);
        assertTrue(Wire.events(agent).isEmpty());
        assertFalse(agent.sendData(ByteBuffer.wrap(new byte[] {1}), T0), "nothing selected yet");
        assertNull(agent.pollTransmit());
    }
}
