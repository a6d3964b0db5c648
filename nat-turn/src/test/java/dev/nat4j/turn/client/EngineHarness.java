package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * Runs a {@link TurnClientEngine} against {@link ScriptedTurnServer}s on explicit time: transmits are delivered at
 * once (unless the loss predicate eats them), answers are fed straight back, and time jumps from deadline to deadline.
 */
final class EngineHarness {
    final TurnClientEngine engine;
    final TransportAddress local = TransportAddress.udp(new InetSocketAddress("10.0.0.2", 5000));
    final Map<InetSocketAddress, ScriptedTurnServer> servers = new HashMap<>();
    final List<TurnEvent> events = new ArrayList<>();
    final List<Long> transmitTimes = new ArrayList<>();
    Predicate<ByteBuffer> lose = b -> false;
    long now = 1_000_000_000L;

    EngineHarness(TurnClientConfig config, ScriptedTurnServer... scripted) {
        this.engine = new TurnClientEngine(config);
        for (ScriptedTurnServer s : scripted) {
            servers.put(s.address, s);
        }
    }

    ScriptedTurnServer first() {
        return servers.values().iterator().next();
    }

    void start(ScriptedTurnServer server) {
        engine.start(local, server.address, now);
        pump();
    }

    /** Delivers everything the engine wants sent, and the answers, until both sides are quiet. */
    void pump() {
        for (int rounds = 0; rounds < 10_000; rounds++) {
            Transmit t = engine.pollTransmit();
            if (t == null) {
                break;
            }
            transmitTimes.add(now);
            ByteBuffer bytes = t.payload().duplicate();
            if (lose.test(bytes.duplicate())) {
                continue;
            }
            ScriptedTurnServer s = servers.get(t.destination());
            if (s == null) {
                continue;
            }
            for (ByteBuffer answer : s.handle(bytes)) {
                engine.handleDatagram(local, s.address, answer, now);
            }
        }
        for (TurnEvent e; (e = engine.pollEvent()) != null; ) {
            events.add(e);
        }
    }

    /** Feeds a datagram as if {@code from} sent it. */
    void deliver(InetSocketAddress from, ByteBuffer datagram) {
        engine.handleDatagram(local, from, datagram, now);
        pump();
    }

    /** Advances time to {@code deadline}, firing every engine deadline on the way. */
    void advanceTo(long deadline) {
        for (int i = 0; i < 1_000_000; i++) {
            long due = engine.pollTimeout();
            if (due == Engine.NO_TIMEOUT || due > deadline) {
                break;
            }
            now = Math.max(now, due);
            engine.handleTimeout(now);
            pump();
            if (engine.pollTimeout() <= now) {
                throw new AssertionError("engine deadline stuck at " + engine.pollTimeout() + " after handleTimeout("
                        + now + "): " + engine);
            }
        }
        now = deadline;
    }

    void advance(Duration d) {
        advanceTo(now + d.toNanos());
    }

    <E extends TurnEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <E extends TurnEvent> E only(Class<E> type) {
        List<E> found = events(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + events);
        }
        return found.get(0);
    }
}
