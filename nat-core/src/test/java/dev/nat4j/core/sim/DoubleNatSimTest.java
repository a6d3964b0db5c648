package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A home NAT behind a carrier-grade NAT in 100.64.0.0/10. */
@ExtendWith(SimSeedReporter.class)
class DoubleNatSimTest {

    private static boolean inCarrierRange(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    @Test
    void bothRoutersTranslateAndTheOuterAddressIsSeen() {
        EchoWorld w = new EchoWorld(41);
        SimSegment lan = w.net.addLan("isp", NatKind.DOUBLE_NAT);
        SimRouter home = lan.router();
        SimRouter cgn = home.wanSegment().router();
        assertNotNull(cgn, "home NAT sits behind a CGN");
        assertEquals("isp-home", home.name());
        assertEquals("isp-cgn", cgn.name());
        assertTrue(inCarrierRange(home.publicAddress()), "home WAN " + home.publicAddress());
        assertEquals(w.net.internet(), cgn.wanSegment());

        SimEndpoint<EchoEngine.Received> client = w.client(lan, "client", 40000);
        InetSocketAddress mapped = w.ask(client, w.server(0, EchoWorld.P1)).orElseThrow();
        assertEquals(cgn.publicAddress(), mapped.getAddress());
        InetSocketAddress local = client.localAddress().socketAddress();
        InetSocketAddress homeExternal = home.mappedAddress(local, w.server(0, EchoWorld.P1)).orElseThrow();
        assertEquals(home.publicAddress(), homeExternal.getAddress());
        assertEquals(mapped, cgn.mappedAddress(homeExternal, w.server(0, EchoWorld.P1)).orElseThrow());
        assertEquals(2, w.net.stats().mappingsCreated());
    }

    @Test
    void unsolicitedInboundStopsAtTheCgn() {
        EchoWorld w = new EchoWorld(42);
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("isp", NatKind.DOUBLE_NAT), "client", 40000);
        InetSocketAddress mapped = w.ask(client, w.server(0, EchoWorld.P1)).orElseThrow();
        w.server.send(w.server(1, EchoWorld.P1), mapped, "other ip".getBytes());
        w.net.runFor(Duration.ofMillis(100));
        assertFalse(EchoEngine.got(client, "other ip"));
        assertEquals(1, w.net.stats().dropped(DropReason.FILTERED), w.net.describe());
    }

    @Test
    void twoHomesBehindOneHairpinningCgnReachEachOther() {
        EchoWorld w = new EchoWorld(43);
        SimRouter cgn = w.net.internet().addCarrierRouter("cgn",
                NatKind.FULL_CONE.profile().withHairpinning(true));
        SimSegment home1 = cgn.lan().addRouter("home1", NatKind.FULL_CONE.profile()).lan();
        SimSegment home2 = cgn.lan().addRouter("home2", NatKind.FULL_CONE.profile()).lan();
        SimEndpoint<EchoEngine.Received> a = w.client(home1, "a", 5000);
        SimEndpoint<EchoEngine.Received> b = w.client(home2, "b", 5000);
        InetSocketAddress mappedA = w.ask(a, w.server(0, EchoWorld.P1)).orElseThrow();
        InetSocketAddress mappedB = w.ask(b, w.server(0, EchoWorld.P1)).orElseThrow();
        assertEquals(mappedA.getAddress(), mappedB.getAddress(), "one CGN address for both homes");
        w.net.execute(() -> ((EchoEngine) b.engine()).send(null, mappedA, "via cgn hairpin"));
        w.net.runFor(Duration.ofMillis(100));
        EchoEngine.Received got = a.events().stream().filter(r -> r.text().equals("via cgn hairpin")).findFirst()
                .orElseThrow(() -> new AssertionError(w.net.describe()));
        assertEquals(mappedB, got.remote());
    }
}
