package dev.nat4j.ice.agent;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.transaction.ClientTransaction;
import dev.nat4j.stun.transaction.RetransmissionPolicy;
import dev.nat4j.stun.transaction.TransactionTable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A test peer on one simulated socket: an {@link IceAgent} plus a tiny server-reflexive gatherer (one Binding request
 * to a public STUN server from the agent's own socket). Datagrams from the STUN server go to the gatherer, the rest to
 * the agent. Each local candidate found is handed to a signalling callback.
 */
final class SimPeer implements Engine<IceEvent> {
    /** One gathering transaction: 7 sends (0 to 31.5 s) and a timeout at 33.5 s; up to {@link #GATHER_TRIES}. */
    static final RetransmissionPolicy GATHER_POLICY = new RetransmissionPolicy(Duration.ofMillis(500), 7, 4,
            Duration.ofSeconds(4));
    /** Lossy links would otherwise cost a server-reflexive candidate now and then, and with it the test's point. */
    static final int GATHER_TRIES = 2;

    final IceAgent agent;
    private final TransactionTable stun = new TransactionTable(GATHER_POLICY, 4);
    private InetSocketAddress stunServer;
    private TransportAddress base;
    private Consumer<IceCandidate> signal = c -> { };
    private Runnable gatheringDone = () -> { };
    boolean gathered;
    /** When each new check (a request with a transaction id not seen before) left the agent, in order. */
    final java.util.List<Long> newCheckTimes = new java.util.ArrayList<>();
    private final java.util.Set<TransactionId> seenChecks = new java.util.HashSet<>();
    private java.util.function.LongSupplier clock = () -> 0;
    private int gatherTries;

    SimPeer(IceAgentConfig config) {
        this.agent = new IceAgent(config);
    }

    /** Adds the host candidate on {@code socket} and asks {@code server} for the server-reflexive one. */
    void start(TransportAddress socket, InetSocketAddress server, Consumer<IceCandidate> signalling,
            Runnable endOfCandidates, long now) {
        this.base = socket;
        this.stunServer = server;
        this.signal = signalling;
        this.gatheringDone = endOfCandidates;
        signal.accept(agent.addHostCandidate(socket, now));
        askServer(now);
    }

    private void askServer(long now) {
        gatherTries++;
        ByteBuffer request = new StunWriter(ByteBuffer.allocate(64))
                .start(StunMethod.BINDING, MessageClass.REQUEST, TransactionId.random())
                .addFingerprint()
                .finish();
        stun.start(request, base, stunServer, Transport.UDP, "gather", now);
    }

    private void finishGathering(long now) {
        if (!gathered) {
            gathered = true;
            agent.endOfLocalCandidates(now);
            gatheringDone.run();
        }
    }

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (remote.equals(stunServer) && local.equals(base)) {
            StunMessage m = StunMessage.tryParse(payload);
            ClientTransaction t = m == null ? null : stun.match(m);
            if (t != null && m.isSuccessResponse()) {
                XorMappedAddress mapped = m.get(XorMappedAddress.TYPE);
                if (mapped != null) {
                    IceCandidate srflx = agent.addServerReflexiveCandidate(TransportAddress.udp(mapped.address()),
                            base, stunServer.getAddress(), now);
                    if (srflx != null) {
                        signal.accept(srflx);
                    }
                }
                finishGathering(now);
            }
            return;
        }
        agent.handleDatagram(local, remote, payload, now);
    }

    @Override
    public void handleTimeout(long now) {
        stun.handleTimeout(now);
        if (stun.pollTimedOut() != null) {
            if (gatherTries < GATHER_TRIES) {
                askServer(now);
            } else {
                finishGathering(now);
            }
        }
        if (now - agent.pollTimeout() >= 0) {
            agent.handleTimeout(now);
        }
    }

    /** The clock the network drives us with, to time-stamp outgoing checks. */
    SimPeer clock(java.util.function.LongSupplier now) {
        this.clock = now;
        return this;
    }

    @Override
    public Transmit pollTransmit() {
        Transmit t = stun.pollTransmit();
        if (t != null) {
            return t;
        }
        t = agent.pollTransmit();
        if (t != null) {
            StunMessage m = StunMessage.tryParse(t.payload().duplicate());
            if (m != null && m.isRequest() && seenChecks.add(m.transactionId())) {
                newCheckTimes.add(clock.getAsLong());
            }
        }
        return t;
    }

    @Override
    public long pollTimeout() {
        long a = stun.pollTimeout();
        long b = agent.pollTimeout();
        return Math.min(a, b);
    }

    @Override
    public IceEvent pollEvent() {
        return agent.pollEvent();
    }
}
