package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classic UDP hole-punching outcome for every pair of lab modes: each peer learns its server-reflexive address
 * from the reflector, then both send PINGs to the other's, answer every PING with a PONG to the address it came from
 * and send a PING there too (a triggered check). The expected outcome is the textbook one, written out independently
 * of the profiles.
 */
@ExtendWith(SimSeedReporter.class)
class HolePunchMatrixSimTest {

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (NatKind a : NatKind.values()) {
            for (NatKind b : NatKind.values()) {
                out.add(Arguments.of(a, b));
            }
        }
        return out.stream();
    }

    /** Textbook: symmetric NATs only meet peers that accept a new port from a known IP (open, full or restricted). */
    private static boolean punchable(NatKind a, NatKind b) {
        if (a == NatKind.UDP_BLOCKED || b == NatKind.UDP_BLOCKED) {
            return false;
        }
        if (a == NatKind.SYMMETRIC && b == NatKind.SYMMETRIC) {
            return false;
        }
        if (a == NatKind.SYMMETRIC || b == NatKind.SYMMETRIC) {
            NatKind other = a == NatKind.SYMMETRIC ? b : a;
            return other == NatKind.OPEN || other == NatKind.FULL_CONE || other == NatKind.RESTRICTED_CONE;
        }
        return true;
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @MethodSource("pairs")
    void holePunchingOutcome(NatKind kindA, NatKind kindB) {
        EchoWorld w = new EchoWorld(9000 + kindA.ordinal() * 10 + kindB.ordinal());
        EchoEngine engineA = new EchoEngine();
        EchoEngine engineB = new EchoEngine();
        SimEndpoint<EchoEngine.Received> a = w.net.addLan("a", kindA).addHost("a").attach(engineA, 5000);
        SimEndpoint<EchoEngine.Received> b = w.net.addLan("b", kindB).addHost("b").attach(engineB, 5000);
        // Without UDP there is no reflexive address; aim at the router, which drops it anyway.
        // A triggered check, as ICE does: a PING from a new address gets one PING of our own back.
        Set<InetSocketAddress> triggeredA = new HashSet<>();
        Set<InetSocketAddress> triggeredB = new HashSet<>();
        a.onEvent(r -> {
            if (r.text().equals("PING b") && triggeredA.add(r.remote())) {
                engineA.send(r.local(), r.remote(), "PING a");
            }
        });
        b.onEvent(r -> {
            if (r.text().equals("PING a") && triggeredB.add(r.remote())) {
                engineB.send(r.local(), r.remote(), "PING b");
            }
        });
        InetSocketAddress srflxA = w.ask(a, w.server(0, EchoWorld.P1))
                .orElse(new InetSocketAddress(a.host().segment().router().publicAddress(), 5000));
        InetSocketAddress srflxB = w.ask(b, w.server(0, EchoWorld.P1))
                .orElse(new InetSocketAddress(b.host().segment().router().publicAddress(), 5000));
        for (int i = 0; i < 20; i++) {
            w.net.after(Duration.ofMillis(100L * i), () -> {
                engineA.send(null, srflxB, "PING a");
                engineB.send(null, srflxA, "PING b");
            });
        }
        w.net.runFor(Duration.ofSeconds(3));
        boolean connected = EchoEngine.got(a, "PONG a") && EchoEngine.got(b, "PONG b");
        assertEquals(punchable(kindA, kindB), connected, kindA + " <-> " + kindB + " " + w.net);
    }
}
