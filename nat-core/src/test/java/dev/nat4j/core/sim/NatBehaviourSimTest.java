package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every lab mode, observed from a host behind it through the reflector: which external address each destination
 * sees, which unsolicited senders get through, and what a 5780-style discovery calls it. The expectations are written
 * out here independently of {@link NatKind}'s definitions, so a wrong profile fails these tests.
 */
@ExtendWith(SimSeedReporter.class)
class NatBehaviourSimTest {

    /** Expected observations per kind. */
    private record Expect(boolean reachable, boolean translated, boolean sameMappingOtherPort,
                          boolean sameMappingOtherIp, boolean admitsOtherPort, boolean admitsOtherIp) {
    }

    private static final Map<NatKind, Expect> EXPECTED = Map.of(
            NatKind.OPEN, new Expect(true, false, true, true, true, true),
            NatKind.FULL_CONE, new Expect(true, true, true, true, true, true),
            NatKind.RESTRICTED_CONE, new Expect(true, true, true, true, true, false),
            NatKind.PORT_RESTRICTED_CONE, new Expect(true, true, true, true, false, false),
            NatKind.SYMMETRIC, new Expect(true, true, false, false, false, false),
            NatKind.UDP_BLOCKED, new Expect(false, false, false, false, false, false),
            NatKind.DOUBLE_NAT, new Expect(true, true, true, true, false, false));

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void mappedAddressPerDestination(NatKind kind) {
        Expect expect = EXPECTED.get(kind);
        EchoWorld w = new EchoWorld(1000 + kind.ordinal());
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("lan", kind), "client", 40000);
        InetSocketAddress local = client.localAddress().socketAddress();

        Optional<InetSocketAddress> primary = w.ask(client, w.server(0, EchoWorld.P1));
        assertEquals(expect.reachable(), primary.isPresent(), "reply from the reflector " + w.net);
        if (!expect.reachable()) {
            assertTrue(w.net.stats().dropped(DropReason.UDP_BLOCKED) > 0, w.net.describe());
            return;
        }
        Optional<InetSocketAddress> again = w.ask(client, w.server(0, EchoWorld.P1));
        Optional<InetSocketAddress> otherPort = w.ask(client, w.server(0, EchoWorld.P2));
        Optional<InetSocketAddress> otherIp = w.ask(client, w.server(1, EchoWorld.P1));

        assertEquals(primary, again, "same destination, same mapping " + w.net);
        assertEquals(!expect.translated(), primary.get().equals(local), "mapped " + primary + " local " + local);
        assertEquals(expect.sameMappingOtherPort(), primary.equals(otherPort), "other port: " + otherPort + " " + w.net);
        assertEquals(expect.sameMappingOtherIp(), primary.equals(otherIp), "other IP: " + otherIp + " " + w.net);
        if (expect.translated()) {
            SimRouter outer = outermost(client.host().segment());
            assertEquals(outer.publicAddress(), primary.get().getAddress(), "public IP of the outermost NAT");
        }
    }

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void unsolicitedInboundIsFilteredBySender(NatKind kind) {
        Expect expect = EXPECTED.get(kind);
        EchoWorld w = new EchoWorld(2000 + kind.ordinal());
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("lan", kind), "client", 40000);
        SimHost stranger = w.net.internet().addHost("stranger", "198.51.100.77");
        Optional<InetSocketAddress> mapped = w.ask(client, w.server(0, EchoWorld.P1));
        // With UDP blocked nothing was mapped; aim at the router's address with the client's port to prove the block.
        InetSocketAddress target = mapped.orElse(new InetSocketAddress(
                client.host().segment().router().publicAddress(), 40000));

        w.server.send(w.server(0, 9999), target, "from same IP, other port".getBytes());
        w.server.send(w.server(1, EchoWorld.P1), target, "from other IP".getBytes());
        stranger.send(stranger.socket(EchoWorld.P1), target, "from a stranger".getBytes());
        w.net.runFor(Duration.ofSeconds(1));

        assertEquals(expect.admitsOtherPort(), EchoEngine.got(client, "from same IP, other port"), w.net.describe());
        assertEquals(expect.admitsOtherIp(), EchoEngine.got(client, "from other IP"), w.net.describe());
        assertEquals(expect.admitsOtherIp(), EchoEngine.got(client, "from a stranger"), w.net.describe());
        long filtered = w.net.stats().dropped(DropReason.FILTERED);
        int expectedFiltered = (expect.admitsOtherPort() ? 0 : 1) + (expect.admitsOtherIp() ? 0 : 2);
        if (expect.reachable()) {
            assertEquals(expectedFiltered, filtered, "datagrams dropped by the filter " + w.net);
        } else {
            assertEquals(0, filtered);
            assertTrue(w.net.stats().dropped(DropReason.UDP_BLOCKED) >= 3, w.net.describe());
        }
    }

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void discoveryClassifiesEachKind(NatKind kind) {
        NatKind seen = EchoClassifier.classifyLan(3000 + kind.ordinal(), kind.routers().toArray(NatProfile[]::new));
        NatKind expected = kind == NatKind.DOUBLE_NAT ? NatKind.PORT_RESTRICTED_CONE : kind;
        assertEquals(expected, seen);
    }

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void replyToTheRequestAlwaysPassesWhenUdpFlows(NatKind kind) {
        EchoWorld w = new EchoWorld(4000 + kind.ordinal());
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("lan", kind), "client", 40000);
        for (int i = 0; i < 20; i++) {
            InetSocketAddress to = w.server(i % 2, i % 3 == 0 ? EchoWorld.P1 : EchoWorld.P2);
            assertEquals(kind != NatKind.UDP_BLOCKED, w.ask(client, to).isPresent(), "ask " + i + " " + w.net);
        }
        assertFalse(w.net.stats().dropped(DropReason.FILTERED) > 0, w.net.describe());
    }

    static SimRouter outermost(SimSegment lan) {
        SimRouter router = lan.router();
        while (router.wanSegment().router() != null) {
            router = router.wanSegment().router();
        }
        return router;
    }
}
