package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mappings die after their idle timeout; outbound traffic (and, when configured, inbound) keeps them alive. */
@ExtendWith(SimSeedReporter.class)
class MappingLifetimeSimTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EchoWorld w = new EchoWorld(21);
    private SimEndpoint<EchoEngine.Received> client;
    private SimRouter nat;
    private InetSocketAddress mapped;
    private int probes;

    private void setUp(NatProfile profile) {
        SimSegment lan = w.net.addLan("home", profile.withMappingTimeout(TIMEOUT));
        nat = lan.router();
        client = w.client(lan, "client", 40000);
        mapped = w.ask(client, w.server(0, EchoWorld.P1)).orElseThrow();
    }

    /** Advances to {@code secondsAfterStart} and sends an unsolicited datagram from the server; true if it arrived. */
    private boolean inboundArrivesAt(double secondsAfterStart) {
        w.net.runUntil(() -> false, Duration.ofNanos((long) (secondsAfterStart * 1e9) - w.net.now()));
        String text = "probe " + (++probes);
        w.server.send(w.server(0, EchoWorld.P1), mapped, text.getBytes());
        w.net.runFor(Duration.ofMillis(50));
        return EchoEngine.got(client, text);
    }

    private void outboundAt(double secondsAfterStart) {
        w.net.runUntil(() -> false, Duration.ofNanos((long) (secondsAfterStart * 1e9) - w.net.now()));
        w.net.execute(() -> ((EchoEngine) client.engine()).send(null, w.server(0, EchoWorld.P1), "keepalive"));
        w.net.runFor(Duration.ofMillis(50));
    }

    @Test
    void mappingExpiresAfterTheTimeout() {
        setUp(NatKind.PORT_RESTRICTED_CONE.profile());
        assertTrue(inboundArrivesAt(29), w.net.describe());
        assertFalse(inboundArrivesAt(31), "inbound does not refresh, so the mapping died at ~30 s " + w.net);
        assertEquals(1, w.net.stats().dropped(DropReason.NO_MAPPING), w.net.describe());
        assertEquals(0, nat.mappingCount());
    }

    @Test
    void outboundTrafficRefreshesTheMapping() {
        setUp(NatKind.PORT_RESTRICTED_CONE.profile());
        outboundAt(20);
        assertTrue(inboundArrivesAt(45), w.net.describe());
        outboundAt(46);
        assertTrue(inboundArrivesAt(75), w.net.describe());
        assertFalse(inboundArrivesAt(77), w.net.describe());
    }

    @Test
    void inboundRefreshIsOptional() {
        setUp(NatKind.PORT_RESTRICTED_CONE.profile().withInboundRefresh(true));
        assertTrue(inboundArrivesAt(25), w.net.describe());
        assertTrue(inboundArrivesAt(50), "refreshed by the inbound probe at 25 s " + w.net);
        assertFalse(inboundArrivesAt(81), w.net.describe());
    }

    @Test
    void expiryIsExactToTheNanosecond() {
        setUp(NatKind.FULL_CONE.profile());
        long expiresAt = nat.mappingExpiresAt(client.localAddress().socketAddress(), w.server(0, EchoWorld.P1))
                .orElseThrow();
        w.net.runUntil(() -> false, Duration.ofNanos(expiresAt - 1 - w.net.now()));
        assertEquals(1, nat.mappingCount());
        w.net.runFor(Duration.ofNanos(1));
        assertEquals(0, nat.mappingCount());
    }

    @Test
    void aNewMappingAfterExpiryMayGetANewPort() {
        setUp(NatKind.SYMMETRIC.profile());
        w.net.runFor(TIMEOUT.plusSeconds(1));
        InetSocketAddress again = w.ask(client, w.server(0, EchoWorld.P1)).orElseThrow();
        assertNotEquals(mapped, again, "random port allocation after expiry (fixed seed) " + w.net);
        assertEquals(2, w.net.stats().mappingsCreated());
    }

    @Test
    void aPreservingNatGivesTheSamePortBackAfterExpiry() {
        setUp(NatKind.PORT_RESTRICTED_CONE.profile());
        w.net.runFor(TIMEOUT.plusSeconds(1));
        assertEquals(mapped, w.ask(client, w.server(0, EchoWorld.P1)).orElseThrow());
        assertEquals(2, w.net.stats().mappingsCreated());
    }
}
