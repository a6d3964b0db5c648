package dev.nat4j.ice.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.sim.NatKind;
import dev.nat4j.core.sim.SimSeedReporter;
import dev.nat4j.ice.CandidatePair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair of simulated NAT kinds, no loss: the agents connect directly exactly where classic hole punching works
 * (nat-core's HolePunchMatrixSimTest), agree on the nominated pair and carry data over it; elsewhere both report
 * failure with each pair's reason.
 */
@ExtendWith(SimSeedReporter.class)
class IceNatMatrixSimTest {

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (NatKind a : NatKind.values()) {
            for (NatKind b : NatKind.values()) {
                out.add(Arguments.of(a, b));
            }
        }
        return out.stream();
    }

    /** The textbook outcome, as HolePunchMatrixSimTest states it. */
    static boolean directPathExists(NatKind a, NatKind b) {
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
    void connectsWhereTheNatsAllow(NatKind kindA, NatKind kindB) {
        long seed = 7000 + kindA.ordinal() * 10L + kindB.ordinal();
        IceWorld w = IceWorld.standard(seed, kindA, kindB, 0, Duration.ofMillis(10), Duration.ofMillis(30)).start();
        assertTrue(w.runUntilDone(Duration.ofMinutes(2)), "both agents finish: " + w.describe());
        checkOutcome(w, directPathExists(kindA, kindB));
    }

    static void checkOutcome(IceWorld w, boolean direct) {
        if (direct) {
            assertEquals(IceAgentState.COMPLETED, w.a.agent.state(), w.describe());
            assertEquals(IceAgentState.COMPLETED, w.b.agent.state(), w.describe());
            assertTrue(w.agree(), "same nominated pair: " + w.describe());
            exchangeData(w);
        } else {
            assertEquals(IceAgentState.FAILED, w.a.agent.state(), w.describe());
            assertEquals(IceAgentState.FAILED, w.b.agent.state(), w.describe());
            List<IceEvent.Failed> failed = w.endpointA.events(IceEvent.Failed.class);
            assertEquals(1, failed.size());
            assertFalse(failed.get(0).pairs().isEmpty(), "each pair's reason is reported");
            failed.get(0).pairs().forEach(f -> assertEquals(PairFailureReason.TIMEOUT, f.reason(), f.toString()));
        }
    }

    /** Application data both ways over the selected pair, from the local base to the remote candidate. */
    static void exchangeData(IceWorld w) {
        byte[] ping = "hello from a".getBytes(StandardCharsets.UTF_8);
        byte[] pong = "hello from b".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            w.net.after(Duration.ofMillis(50L * i), () -> {
                w.a.agent.sendData(ByteBuffer.wrap(ping), w.net.now());
                w.b.agent.sendData(ByteBuffer.wrap(pong), w.net.now());
            });
        }
        w.net.awaitOrFail(() -> !w.endpointA.events(IceEvent.DataReceived.class).isEmpty()
                && !w.endpointB.events(IceEvent.DataReceived.class).isEmpty(), Duration.ofSeconds(5), "data");
        IceEvent.DataReceived atB = w.endpointB.events(IceEvent.DataReceived.class).get(0);
        IceEvent.DataReceived atA = w.endpointA.events(IceEvent.DataReceived.class).get(0);
        assertArrayEquals(ping, atB.data());
        assertArrayEquals(pong, atA.data());
        CandidatePair selectedB = w.b.agent.selectedPair().orElseThrow();
        assertEquals(selectedB.remote().address().socketAddress(), atB.remote(), "arrives from the selected remote");
    }
}
