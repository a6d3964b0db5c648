package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Router bookkeeping visible to tests: ground-truth mappings, reconfiguration, address plan. */
@ExtendWith(SimSeedReporter.class)
class SimRouterTest {

    @Test
    void mappedAddressIsTheGroundTruthTheReflectorSees() {
        EchoWorld w = new EchoWorld(81);
        SimSegment lan = w.net.addLan("home", NatKind.SYMMETRIC);
        SimEndpoint<EchoEngine.Received> c = w.client(lan, "c", 5000);
        InetSocketAddress local = c.localAddress().socketAddress();
        assertTrue(lan.router().mappedAddress(local, w.server(0, EchoWorld.P1)).isEmpty(), "asking creates nothing");
        InetSocketAddress seen = w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow();
        assertEquals(seen, lan.router().mappedAddress(local, w.server(0, EchoWorld.P1)).orElseThrow());
        assertTrue(lan.router().mappedAddress(local, w.server(0, EchoWorld.P2)).isEmpty());
        assertEquals(1, lan.router().describeMappings().size(), lan.router().describeMappings().toString());
    }

    @Test
    void reconfiguringFlushesMappingsAndChangesBehaviour() {
        EchoWorld w = new EchoWorld(82);
        SimSegment lan = w.net.addLan("home", NatKind.FULL_CONE);
        SimEndpoint<EchoEngine.Received> c = w.client(lan, "c", 5000);
        InetSocketAddress mapped = w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow();
        lan.router().reconfigure(NatKind.PORT_RESTRICTED_CONE.profile());
        assertEquals(0, lan.router().mappingCount());
        w.server.send(w.server(0, EchoWorld.P1), mapped, "after flush".getBytes());
        w.net.runFor(Duration.ofMillis(50));
        assertFalse(EchoEngine.got(c, "after flush"));
        assertEquals(1, w.net.stats().dropped(DropReason.NO_MAPPING));
        w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow();
        w.server.send(w.server(1, EchoWorld.P1), mapped, "other ip".getBytes());
        w.net.runFor(Duration.ofMillis(50));
        assertEquals(1, w.net.stats().dropped(DropReason.FILTERED), "now port-restricted " + w.net);
    }

    @Test
    void addressPlanFollowsTheDocumentedRanges() {
        SimNetwork net = new SimNetwork(83);
        SimSegment home = net.addLan("a", NatKind.FULL_CONE);
        SimSegment carrier = net.addLan("b", NatKind.DOUBLE_NAT);
        assertEquals("203.0.113.1", home.router().publicAddress().getHostAddress());
        assertEquals("192.168.1.2", home.addHost("h1").address().getHostAddress());
        assertEquals("192.168.1.3", home.addHost("h2").address().getHostAddress());
        SimRouter cgn = net.router("b-cgn");
        assertEquals("203.0.113.2", cgn.publicAddress().getHostAddress());
        assertEquals("100.64.1.2", carrier.router().publicAddress().getHostAddress());
        assertEquals("192.168.2.2", carrier.addHost("h3").address().getHostAddress());
        assertEquals(carrier.router(), net.router("b-home"));
        assertEquals("203.0.113.3", net.internet().addHost("pub").address().getHostAddress());
        assertEquals(net.host("h3"), carrier.hosts().get(0));
    }

    @Test
    void ipv4HostsCannotReachIpv6Addresses() {
        SimNetwork net = new SimNetwork(84);
        SimHost v4 = net.internet().addHost("v4", "198.51.100.5");
        SimHost v6 = net.internet().addHost("v6", "2001:db8::5");
        SimEndpoint<EchoEngine.Received> sink = v6.attach(new EchoEngine(), 9);
        v4.send(v4.socket(1), v6.socket(9), "cross family".getBytes());
        SimHost v6b = net.internet().addHost("v6b", "2001:db8::6");
        v6b.send(v6b.socket(1), v6.socket(9), "same family".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, sink.events().size());
        assertEquals("same family", sink.events().get(0).text());
        assertEquals(1, net.stats().dropped(DropReason.NO_ROUTE));
    }
}
