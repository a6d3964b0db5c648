package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** External port choice: preserved when possible, another when taken, random when preservation is off. */
@ExtendWith(SimSeedReporter.class)
class PortAllocationSimTest {

    @Test
    void portIsPreservedWhenFreeAndReplacedOnCollision() {
        EchoWorld w = new EchoWorld(31);
        SimSegment lan = w.net.addLan("home", NatKind.PORT_RESTRICTED_CONE);
        SimEndpoint<EchoEngine.Received> first = w.client(lan, "first", 5000);
        SimEndpoint<EchoEngine.Received> second = w.client(lan, "second", 5000);
        InetSocketAddress m1 = w.ask(first, w.server(0, EchoWorld.P1)).orElseThrow();
        InetSocketAddress m2 = w.ask(second, w.server(0, EchoWorld.P1)).orElseThrow();
        assertEquals(5000, m1.getPort(), "first host keeps its port");
        assertNotEquals(5000, m2.getPort(), "second host's preferred port is taken");
        assertEquals(m1.getAddress(), m2.getAddress());
        // The second mapping still works both ways.
        w.server.send(w.server(0, EchoWorld.P1), m2, "to second".getBytes());
        w.net.runFor(java.time.Duration.ofMillis(50));
        assertEquals(true, EchoEngine.got(second, "to second"), w.net.describe());
    }

    @Test
    void withoutPreservationPortsAreRandomAndDistinct() {
        EchoWorld w = new EchoWorld(32);
        SimSegment lan = w.net.addLan("home", NatKind.FULL_CONE.profile().withPortPreservation(false));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            SimEndpoint<EchoEngine.Received> c = w.client(lan, "c" + i, 7000);
            int port = w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow().getPort();
            assertNotEquals(7000, port, w.net.describe());
            ports.add(port);
        }
        assertEquals(20, ports.size(), "every mapping owns its external port " + w.net);
    }

    @Test
    void symmetricNatUsesANewPortPerDestination() {
        EchoWorld w = new EchoWorld(33);
        SimEndpoint<EchoEngine.Received> c = w.client(w.net.addLan("home", NatKind.SYMMETRIC), "c", 7000);
        Set<InetSocketAddress> mapped = new HashSet<>();
        mapped.add(w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow());
        mapped.add(w.ask(c, w.server(0, EchoWorld.P2)).orElseThrow());
        mapped.add(w.ask(c, w.server(1, EchoWorld.P1)).orElseThrow());
        mapped.add(w.ask(c, w.server(1, EchoWorld.P2)).orElseThrow());
        assertEquals(4, mapped.size(), "APDM: one mapping per destination " + mapped);
        assertEquals(4, c.host().segment().router().mappingCount());
    }

    @Test
    void symmetricWithPreservationKeepsThePortForTheFirstDestinationOnly() {
        EchoWorld w = new EchoWorld(34);
        NatProfile profile = NatKind.SYMMETRIC.profile().withPortPreservation(true);
        SimEndpoint<EchoEngine.Received> c = w.client(w.net.addLan("home", profile), "c", 7000);
        assertEquals(7000, w.ask(c, w.server(0, EchoWorld.P1)).orElseThrow().getPort());
        assertNotEquals(7000, w.ask(c, w.server(0, EchoWorld.P2)).orElseThrow().getPort());
    }
}
