package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two hosts behind one NAT reaching each other through its public address (RFC 4787 §6). */
@ExtendWith(SimSeedReporter.class)
class HairpinSimTest {

    private record Pair(EchoWorld world, SimEndpoint<EchoEngine.Received> a, SimEndpoint<EchoEngine.Received> b,
                        InetSocketAddress mappedA, InetSocketAddress mappedB) {
    }

    private static Pair pairBehind(NatProfile profile) {
        EchoWorld w = new EchoWorld(11);
        SimSegment lan = w.net.addLan("home", profile);
        SimEndpoint<EchoEngine.Received> a = w.client(lan, "a", 5000);
        SimEndpoint<EchoEngine.Received> b = w.client(lan, "b", 6000);
        InetSocketAddress mappedA = w.ask(a, w.server(0, EchoWorld.P1)).orElseThrow();
        InetSocketAddress mappedB = w.ask(b, w.server(0, EchoWorld.P1)).orElseThrow();
        return new Pair(w, a, b, mappedA, mappedB);
    }

    private static void send(SimNetwork net, SimEndpoint<EchoEngine.Received> from, InetSocketAddress to, String text) {
        net.execute(() -> ((EchoEngine) from.engine()).send(null, to, text));
        net.runFor(Duration.ofMillis(100));
    }

    @Test
    void fullConeWithHairpinningDeliversWithTheExternalSource() {
        Pair p = pairBehind(NatKind.FULL_CONE.profile().withHairpinning(true));
        send(p.world().net, p.b(), p.mappedA(), "hello via hairpin");
        EchoEngine.Received got = p.a().events().stream().filter(r -> r.text().equals("hello via hairpin"))
                .findFirst().orElseThrow(() -> new AssertionError("not hairpinned " + p.world().net));
        assertEquals(p.mappedB(), got.remote(), "RFC 4787 REQ-9: the source is B's external mapping");
    }

    @Test
    void withoutHairpinningTheDatagramIsDropped() {
        Pair p = pairBehind(NatKind.FULL_CONE.profile());
        send(p.world().net, p.b(), p.mappedA(), "hello via hairpin");
        assertFalse(EchoEngine.got(p.a(), "hello via hairpin"), p.world().net.describe());
        assertEquals(1, p.world().net.stats().dropped(DropReason.HAIRPIN_DISABLED), p.world().net.describe());
    }

    @Test
    void portRestrictedHairpinNeedsBothSidesToPunch() {
        SimNetwork net;
        Pair p = pairBehind(NatKind.PORT_RESTRICTED_CONE.profile().withHairpinning(true));
        net = p.world().net;
        send(net, p.b(), p.mappedA(), "first from b");
        assertFalse(EchoEngine.got(p.a(), "first from b"), "A's filter has never seen B's mapping " + net);
        assertEquals(1, net.stats().dropped(DropReason.FILTERED), net.describe());
        send(net, p.a(), p.mappedB(), "from a");
        assertTrue(EchoEngine.got(p.b(), "from a"), "B already sent to A's mapping " + net);
        send(net, p.b(), p.mappedA(), "second from b");
        assertTrue(EchoEngine.got(p.a(), "second from b"), net.describe());
    }

    @Test
    void hostsOnOneLanTalkDirectlyWithoutTheNat() {
        Pair p = pairBehind(NatKind.SYMMETRIC.profile());
        SimNetwork net = p.world().net;
        long mappingsBefore = net.stats().mappingsCreated();
        send(net, p.a(), p.b().localAddress().socketAddress(), "lan direct");
        EchoEngine.Received got = p.b().events().stream().filter(r -> r.text().equals("lan direct")).findFirst()
                .orElseThrow(() -> new AssertionError(net.describe()));
        assertEquals(p.a().localAddress().socketAddress(), got.remote());
        assertEquals(mappingsBefore, net.stats().mappingsCreated());
    }
}
