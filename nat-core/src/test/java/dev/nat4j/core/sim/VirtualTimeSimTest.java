package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/** The clock jumps from event to event: long timeouts are cheap, order is exact, runaway engines are caught. */
@ExtendWith(SimSeedReporter.class)
class VirtualTimeSimTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aThirtySecondTimeoutTakesWellUnderASecond() {
        EchoWorld w = new EchoWorld(61);
        SimHost host = w.net.addLan("blocked", NatKind.UDP_BLOCKED).addHost("client");
        RetryingProbe probe = new RetryingProbe(w.server(0, EchoWorld.P1), 30 * SECOND);
        SimEndpoint<String> ep = host.attach(probe, 40000);
        long realStart = System.nanoTime();
        w.net.execute(() -> probe.start(w.net.now()));
        w.net.awaitOrFail(() -> !ep.events().isEmpty(), Duration.ofMinutes(5), "probe gives up");
        long realNanos = System.nanoTime() - realStart;
        assertEquals(List.of("timed out"), ep.events());
        assertEquals(30 * SECOND, w.net.now(), "gave up exactly at its deadline");
        assertEquals(6, probe.sent(), "sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5 s");
        assertTrue(realNanos < SECOND, "real time " + realNanos / 1e6 + " ms");
    }

    @Test
    void theProbeIsAnsweredWhenUdpFlows() {
        EchoWorld w = new EchoWorld(62);
        SimHost host = w.net.addLan("home", NatKind.SYMMETRIC).addHost("client");
        RetryingProbe probe = new RetryingProbe(w.server(0, EchoWorld.P1), 30 * SECOND);
        SimEndpoint<String> ep = host.attach(probe, 40000);
        w.net.execute(() -> probe.start(w.net.now()));
        w.net.awaitOrFail(() -> !ep.events().isEmpty(), Duration.ofMinutes(1), "answer");
        assertEquals(List.of("answered"), ep.events());
        assertEquals(6_000_000, w.net.now(), "three 1 ms links each way");
    }

    @Test
    void runUntilStopsTheClockExactlyAtTheLimit() {
        SimNetwork net = new SimNetwork(63);
        List<Long> ran = new ArrayList<>();
        net.at(5 * SECOND, () -> ran.add(net.now()));
        assertFalse(net.runUntil(() -> false, Duration.ofSeconds(3)));
        assertEquals(3 * SECOND, net.now());
        assertTrue(ran.isEmpty());
        assertTrue(net.runUntil(() -> !ran.isEmpty(), Duration.ofSeconds(3)));
        assertEquals(List.of(5 * SECOND), ran);
        assertEquals(5 * SECOND, net.now(), "stops at the event that satisfied the condition");
    }

    @Test
    void callbacksRunInTimeOrderThenInSchedulingOrder() {
        SimNetwork net = new SimNetwork(64);
        List<String> order = new ArrayList<>();
        net.at(2 * SECOND, () -> order.add("b"));
        net.at(1 * SECOND, () -> order.add("a"));
        net.at(2 * SECOND, () -> order.add("c"));
        net.after(Duration.ofSeconds(2), () -> net.after(Duration.ZERO, () -> order.add("d")));
        assertTrue(net.runUntilIdle(Duration.ofMinutes(1)));
        assertEquals(List.of("a", "b", "c", "d"), order);
        assertFalse(net.runUntil(() -> false, Duration.ofSeconds(10)));
        assertEquals(12 * SECOND, net.now(), "an idle network still advances to the limit");
    }

    /** An engine that always claims to be overdue. */
    private static class StuckEngine implements Engine<String> {
        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Transmit pollTransmit() {
            return null;
        }

        @Override
        public long pollTimeout() {
            return 0;
        }

        @Override
        public String pollEvent() {
            return null;
        }
    }

    @Test
    void anEngineThatNeverClearsItsDeadlineIsReportedWithTheSeed() {
        SimNetwork net = new SimNetwork(65);
        net.internet().addHost("stuck").attach(new StuckEngine(), 1);
        SimulationException e = assertThrows(SimulationException.class,
                () -> net.runUntil(() -> false, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("seed=65"), e.getMessage());
    }

    @Test
    void anEngineExceptionIsWrappedWithTheSeed() {
        SimNetwork net = new SimNetwork(66);
        SimHost host = net.internet().addHost("victim");
        host.attach(new StuckEngine() {
            @Override
            public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload,
                                       long now) {
                throw new IllegalStateException("boom");
            }

            @Override
            public long pollTimeout() {
                return NO_TIMEOUT;
            }
        }, 9);
        host.send(host.socket(1), host.socket(9), new byte[] {1});
        SimulationException e = assertThrows(SimulationException.class, () -> net.runFor(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("seed=66") && e.getMessage().contains("victim"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void awaitOrFailNamesWhatAndTheSeed() {
        SimNetwork net = new SimNetwork(0xC0FFEE).enableTrace();
        net.internet().addHost("h");
        AssertionError e = assertThrows(AssertionError.class,
                () -> net.awaitOrFail(() -> false, Duration.ofSeconds(2), "the impossible"));
        assertTrue(e.getMessage().contains("the impossible") && e.getMessage().contains("0xc0ffee"), e.getMessage());
        assertEquals(2 * SECOND, net.now());
    }

    @Test
    void seedCanComeFromASystemProperty() {
        String old = System.getProperty("nat4j.sim.seed");
        try {
            System.setProperty("nat4j.sim.seed", "0x2a");
            assertEquals(42, SimNetwork.seedFromProperty(7));
            System.clearProperty("nat4j.sim.seed");
            assertEquals(7, SimNetwork.seedFromProperty(7));
        } finally {
            if (old != null) {
                System.setProperty("nat4j.sim.seed", old);
            }
        }
    }
}
