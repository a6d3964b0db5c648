package dev.nat4j.ice.agent;

import dev.nat4j.core.sim.Link;
import dev.nat4j.core.sim.NatKind;
import dev.nat4j.core.sim.SimEndpoint;
import dev.nat4j.core.sim.SimHost;
import dev.nat4j.core.sim.SimNetwork;
import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.server.StunServerConfig;
import dev.nat4j.stun.server.StunServerEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Two ICE peers on LANs behind simulated NATs, a public STUN server for their server-reflexive candidates, and an
 * in-process signalling channel that delivers credentials, candidates and end-of-candidates after a delay (trickle).
 */
final class IceWorld {
    static final InetSocketAddress STUN = new InetSocketAddress("192.0.2.1", 3478);
    static final int PORT = 5000;

    final SimNetwork net;
    final SimPeer a;
    final SimPeer b;
    final SimEndpoint<IceEvent> endpointA;
    final SimEndpoint<IceEvent> endpointB;
    private final Duration signalDelay;

    /**
     * @param loss        one-way loss between the peers (put on peer a's access link, which every check crosses once
     *                    each way)
     * @param latency     one-way latency of each peer's access link
     * @param signalDelay how long signalling takes
     */
    IceWorld(long seed, NatKind kindA, NatKind kindB, double loss, Duration latency, Duration signalDelay,
            IceAgentConfig configA, IceAgentConfig configB) {
        this.net = new SimNetwork(seed);
        this.signalDelay = signalDelay;
        SimHost stun = net.internet().addHost("stun", STUN.getAddress().getHostAddress());
        stun.attach(new StunServerEngine(StunServerConfig.defaults()), STUN.getPort());
        SimHost hostA = net.addLan("a", kindA).addHost("a");
        SimHost hostB = net.addLan("b", kindB).addHost("b");
        hostA.link(Link.DEFAULT.withLatency(latency).withLoss(loss));
        hostB.link(Link.DEFAULT.withLatency(latency));
        SplittableRandom random = new SplittableRandom(seed);
        this.a = new SimPeer(configA.withRandom(random.split())).clock(net::now);
        this.b = new SimPeer(configB.withRandom(random.split())).clock(net::now);
        this.endpointA = hostA.attach(a, PORT);
        this.endpointB = hostB.attach(b, PORT);
    }

    /** Controlling a, controlled b, default settings otherwise. */
    static IceWorld standard(long seed, NatKind kindA, NatKind kindB, double loss, Duration latency,
            Duration signalDelay) {
        return new IceWorld(seed, kindA, kindB, loss, latency, signalDelay,
                IceAgentConfig.defaults().withRole(IceRole.CONTROLLING),
                IceAgentConfig.defaults().withRole(IceRole.CONTROLLED));
    }

    /** Exchanges credentials, starts gathering on both sides and trickles every candidate to the other. */
    IceWorld start() {
        net.execute(() -> {
            long now = net.now();
            signal(() -> b.agent.setRemoteCredentials(a.agent.localCredentials(), net.now()));
            signal(() -> a.agent.setRemoteCredentials(b.agent.localCredentials(), net.now()));
            a.start(endpointA.localAddress(), STUN, c -> signal(() -> b.agent.addRemoteCandidate(c, net.now())),
                    () -> signal(() -> b.agent.endOfRemoteCandidates(net.now())), now);
            b.start(endpointB.localAddress(), STUN, c -> signal(() -> a.agent.addRemoteCandidate(c, net.now())),
                    () -> signal(() -> a.agent.endOfRemoteCandidates(net.now())), now);
        });
        return this;
    }

    private void signal(Runnable delivery) {
        net.after(signalDelay, delivery);
    }

    /** Runs until both agents have finished (completed or failed), at most {@code limit} of virtual time. */
    boolean runUntilDone(Duration limit) {
        boolean done = net.runUntil(() -> done(a) && done(b), limit);
        if (a.agent.internalErrors() + b.agent.internalErrors() != 0) {
            throw new AssertionError("an agent hit an internal error: " + describe());
        }
        return done;
    }

    static boolean done(SimPeer p) {
        return p.agent.state() != IceAgentState.RUNNING;
    }

    /** True when each side's selected pair is the mirror of the other's. */
    boolean agree() {
        CandidatePair pa = a.agent.selectedPair().orElse(null);
        CandidatePair pb = b.agent.selectedPair().orElse(null);
        return pa != null && pb != null && pa.local().address().equals(pb.remote().address())
                && pa.remote().address().equals(pb.local().address());
    }

    enum Side { A, B }

    SimPeer peer(Side side) {
        return side == Side.A ? a : b;
    }

    String describe() {
        return net.describe() + " a=" + a.agent.state() + "/" + a.agent.role() + " " + a.agent.selectedPair()
                + " b=" + b.agent.state() + "/" + b.agent.role() + " " + b.agent.selectedPair()
                + "\n a pairs " + a.agent.pairs() + "\n b pairs " + b.agent.pairs();
    }
}
