package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Properties of the simulator as a whole: a run is a function of its seed; every datagram is accounted for; the
 * routers implement exactly the mapping and filtering their profile names.
 */
class SimDeterminismProperties {

    /** A busy little world: three LANs, lossy jittery links, clients asking the reflector from two ports. */
    private static SimNetwork busyRun(long seed, double loss, double duplicate) {
        EchoWorld w = new EchoWorld(seed);
        w.net.enableTrace().defaultLink(Link.DEFAULT.withJitter(Duration.ofMillis(4)).withLoss(loss)
                .withDuplicate(duplicate).withReorder(0.1, Duration.ofMillis(3)));
        List<NatKind> kinds = List.of(NatKind.SYMMETRIC, NatKind.DOUBLE_NAT, NatKind.RESTRICTED_CONE);
        int i = 0;
        for (NatKind kind : kinds) {
            SimEndpoint<EchoEngine.Received> c = w.client(w.net.addLan("lan" + i, kind), "c" + i, 5000, 5001);
            for (int n = 0; n < 10; n++) {
                InetSocketAddress to = w.server(n % 2, n % 3 == 0 ? EchoWorld.P1 : EchoWorld.P2);
                String text = "ASK " + kind + n;
                int socket = n % 2;
                w.net.at(n * 7_000_000L + i, () -> ((EchoEngine) c.engine()).send(c.sockets().get(socket), to, text));
            }
            i++;
        }
        w.net.runUntilIdle(Duration.ofMinutes(1));
        return w.net;
    }

    @Property(tries = 30)
    void theSameSeedGivesTheSameTrace(@ForAll long seed) {
        SimNetwork first = busyRun(seed, 0.1, 0.05);
        SimNetwork second = busyRun(seed, 0.1, 0.05);
        assertEquals(first.trace(), second.trace(), first.describe());
        assertEquals(first.stats().toString(), second.stats().toString());
    }

    @Property(tries = 50)
    void everyDatagramIsDeliveredOrDroppedOnce(@ForAll long seed,
                                              @ForAll @DoubleRange(min = 0, max = 0.5) double loss,
                                              @ForAll @DoubleRange(min = 0, max = 0.5) double duplicate) {
        SimNetwork net = busyRun(seed, loss, duplicate);
        SimStats s = net.stats();
        assertEquals(s.sent() + s.duplicated(), s.delivered() + s.dropped(), net.describe());
    }

    @Provide
    Arbitrary<NatProfile> translatingProfiles() {
        return Arbitraries.of(MappingBehavior.class).flatMap(m -> Arbitraries.of(FilteringBehavior.class)
                .flatMap(f -> Arbitraries.of(true, false).map(p -> NatProfile.of(m, f).withPortPreservation(p))));
    }

    @Property(tries = 60)
    void discoveryRecoversTheConfiguredBehaviour(@ForAll("translatingProfiles") NatProfile profile,
                                                 @ForAll long seed) {
        EchoWorld w = new EchoWorld(seed);
        SimEndpoint<EchoEngine.Received> client = w.client(w.net.addLan("lan", profile), "client", 40000, 40001);
        EchoClassifier.Behaviour seen = EchoClassifier.classify(w, client);
        assertEquals(profile.mapping(), seen.mapping(), profile + " " + w.net);
        assertEquals(profile.filtering(), seen.filtering(), profile + " " + w.net);
    }

    @Property
    void mappingKeysFollowRfc4787(@ForAll("endpoints") InetSocketAddress internal,
                                  @ForAll("endpoints") InetSocketAddress a,
                                  @ForAll("endpoints") InetSocketAddress b) {
        boolean sameIp = a.getAddress().equals(b.getAddress());
        assertEquals(true, MappingBehavior.ENDPOINT_INDEPENDENT.keyFor(internal, a)
                .equals(MappingBehavior.ENDPOINT_INDEPENDENT.keyFor(internal, b)));
        assertEquals(sameIp, MappingBehavior.ADDRESS_DEPENDENT.keyFor(internal, a)
                .equals(MappingBehavior.ADDRESS_DEPENDENT.keyFor(internal, b)));
        assertEquals(a.equals(b), MappingBehavior.ADDRESS_AND_PORT_DEPENDENT.keyFor(internal, a)
                .equals(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT.keyFor(internal, b)));
        assertEquals(true, FilteringBehavior.ENDPOINT_INDEPENDENT.admits(List.of(a), b));
        assertEquals(sameIp, FilteringBehavior.ADDRESS_DEPENDENT.admits(List.of(a), b));
        assertEquals(a.equals(b), FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT.admits(List.of(a), b));
    }

    @Provide
    Arbitrary<InetSocketAddress> endpoints() {
        // A tiny space so that equal IPs and equal endpoints actually occur.
        return Arbitraries.integers().between(1, 3).flatMap(ip -> Arbitraries.integers().between(1, 3)
                .map(port -> new InetSocketAddress(SimSegment.ipv4(192, 0, 2, ip), 1000 + port)));
    }
}
