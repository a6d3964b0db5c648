package dev.nat4j.stun.discovery;

import dev.nat4j.core.testing.NatMatrixFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nat4j.core.sim.FilteringBehavior;
import dev.nat4j.core.sim.Link;
import dev.nat4j.core.sim.NatKind;
import dev.nat4j.core.sim.NatProfile;
import dev.nat4j.core.sim.SimEndpoint;
import dev.nat4j.core.sim.SimHost;
import dev.nat4j.core.sim.SimNetwork;
import dev.nat4j.core.sim.SimSeedReporter;
import dev.nat4j.stun.server.Rfc5780Addresses;
import dev.nat4j.stun.server.StunServerConfig;
import dev.nat4j.stun.server.StunServerEngine;

/**
 * The discovery engine behind every simulated NAT kind, against our own RFC 5780 server on a public host with two
 * IPs: the real engines on both sides, virtual time, seeded.
 */
@ExtendWith(SimSeedReporter.class)
class NatDiscoverySimTest {
    private static final Rfc5780Addresses SERVER = new Rfc5780Addresses(
            new InetSocketAddress("192.0.2.1", 3478), new InetSocketAddress("192.0.2.2", 3479));

    /** What each kind must be classified as: mapping, filtering, classic name. */
    record Expected(MappingBehavior mapping, dev.nat4j.stun.discovery.FilteringBehavior filtering, NatType type) {}

    private static final Map<NatKind, Expected> EXPECTED = new EnumMap<>(NatKind.class);

    /** What each kind was measured as, for the README's NAT matrix ({@code .ci/update-readme-matrix}). */
    private static final NatMatrixFile MATRIX = new NatMatrixFile("sim.tsv",
            "test", "kind", "routerHairpin", "mapping", "filtering", "hairpinning", "natType", "virtualMs");

    static {
        var eif = dev.nat4j.stun.discovery.FilteringBehavior.ENDPOINT_INDEPENDENT;
        var adf = dev.nat4j.stun.discovery.FilteringBehavior.ADDRESS_DEPENDENT;
        var apdf = dev.nat4j.stun.discovery.FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
        var unknown = dev.nat4j.stun.discovery.FilteringBehavior.UNKNOWN;
        EXPECTED.put(NatKind.OPEN, new Expected(MappingBehavior.NO_NAT, eif, NatType.OPEN_INTERNET));
        EXPECTED.put(NatKind.FULL_CONE, new Expected(MappingBehavior.ENDPOINT_INDEPENDENT, eif, NatType.FULL_CONE));
        EXPECTED.put(NatKind.RESTRICTED_CONE,
                new Expected(MappingBehavior.ENDPOINT_INDEPENDENT, adf, NatType.RESTRICTED_CONE));
        EXPECTED.put(NatKind.PORT_RESTRICTED_CONE,
                new Expected(MappingBehavior.ENDPOINT_INDEPENDENT, apdf, NatType.PORT_RESTRICTED_CONE));
        EXPECTED.put(NatKind.SYMMETRIC,
                new Expected(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT, apdf, NatType.SYMMETRIC));
        EXPECTED.put(NatKind.UDP_BLOCKED, new Expected(MappingBehavior.UNKNOWN, unknown, NatType.UDP_BLOCKED));
        EXPECTED.put(NatKind.DOUBLE_NAT,
                new Expected(MappingBehavior.ENDPOINT_INDEPENDENT, apdf, NatType.PORT_RESTRICTED_CONE));
    }

    /** One discovery run from a fresh host behind {@code routers} (listed from the internet inwards). */
    static NatReport discover(long seed, DiscoveryConfig config, Link link, NatProfile... routers) {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(seed));
        net.defaultLink(link);
        SimHost stun = net.internet().addHost("stun", "192.0.2.1", "192.0.2.2");
        stun.attachAt(new StunServerEngine(StunServerConfig.defaults().withRfc5780(SERVER)),
                SERVER.all().toArray(InetSocketAddress[]::new));
        SimHost client = net.addLan("lan", routers).addHost("client");
        NatDiscoveryEngine engine = new NatDiscoveryEngine(config);
        SimEndpoint<DiscoveryEvent> endpoint = client.attach(engine, 0, 0);
        net.execute(() -> engine.start(endpoint.sockets().get(0), endpoint.sockets().get(1), net.now()));
        net.awaitOrFail(engine::isDone, Duration.ofMinutes(30), "discovery finished");
        List<DiscoveryFinished> finished = endpoint.events(DiscoveryFinished.class);
        assertEquals(1, finished.size(), () -> "events: " + endpoint.events() + " — " + net.describe());
        NatReport report = finished.get(0).report();
        assertEquals(endpoint.sockets().get(0).socketAddress(), report.localAddress());
        return report;
    }

    static NatReport discover(NatKind kind) {
        return discover(kind.ordinal() + 1, DiscoveryConfig.of(SERVER.primary()), Link.DEFAULT,
                kind.routers().toArray(NatProfile[]::new));
    }

    private static void record(String test, NatKind kind, boolean routerHairpin, NatReport r) {
        MATRIX.record(test, kind, routerHairpin ? "on" : "off", r.mapping().token(), r.filtering().token(),
                r.hairpinning(), r.natType().token(), r.duration().toMillis());
    }

    private static void assertClassified(Expected expected, NatReport r, String what) {
        String detail = what + ": " + r;
        assertEquals(expected.mapping(), r.mapping(), detail);
        assertEquals(expected.filtering(), r.filtering(), detail);
        assertEquals(expected.type(), r.natType(), detail);
    }

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void everyNatKindIsClassifiedCorrectly(NatKind kind) {
        NatReport r = discover(kind);
        record("classify", kind, false, r);
        assertClassified(EXPECTED.get(kind), r, kind.toString());
        if (kind == NatKind.UDP_BLOCKED) {
            assertEquals(null, r.mappedAddress());
            assertEquals(null, r.hairpinning());
            return;
        }
        assertEquals(SERVER.alternate(), r.otherAddress());
        assertNotNull(r.mappedAddress());
        if (kind == NatKind.OPEN) {
            assertEquals(r.localAddress(), r.mappedAddress());
            assertEquals(null, r.hairpinning(), "hairpinning does not apply without a NAT");
        } else {
            assertNotEquals(r.localAddress().getAddress(), r.mappedAddress().getAddress());
            assertEquals(Boolean.FALSE, r.hairpinning(), "the named kinds do not hairpin");
        }
        assertTrue(r.duration().compareTo(Duration.ofSeconds(10)) < 0, "a few seconds, not minutes: " + r);
    }

    /**
     * The engine tells every kind apart: the result for each kind contradicts the expectation of every other kind
     * that differs, so a NAT profile that silently behaved like another one would fail the test above.
     */
    @Test
    void aWrongProfileWouldBeNoticed() {
        Map<NatKind, NatReport> results = new EnumMap<>(NatKind.class);
        for (NatKind kind : NatKind.values()) {
            results.put(kind, discover(kind));
        }
        for (NatKind actual : NatKind.values()) {
            NatReport r = results.get(actual);
            for (NatKind claimed : NatKind.values()) {
                Expected e = EXPECTED.get(claimed);
                boolean matches = e.mapping() == r.mapping() && e.filtering() == r.filtering()
                        && e.type() == r.natType();
                assertEquals(EXPECTED.get(claimed).equals(EXPECTED.get(actual)), matches,
                        actual + " measured as " + r + " vs the expectation for " + claimed);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = NatKind.class, names = {"FULL_CONE", "RESTRICTED_CONE", "PORT_RESTRICTED_CONE"})
    void hairpinningFollowsTheRouter(NatKind kind) {
        NatProfile on = kind.profile().withHairpinning(true);
        NatReport withHairpin = discover(11, DiscoveryConfig.of(SERVER.primary()), Link.DEFAULT, on);
        record("hairpin", kind, true, withHairpin);
        assertEquals(Boolean.TRUE, withHairpin.hairpinning(), withHairpin.toString());
        assertClassified(EXPECTED.get(kind), withHairpin, kind + " with hairpinning");

        NatProfile off = kind.profile().withHairpinning(false);
        NatReport without = discover(11, DiscoveryConfig.of(SERVER.primary()), Link.DEFAULT, off);
        record("hairpin", kind, false, without);
        assertEquals(Boolean.FALSE, without.hairpinning(), without.toString());
    }

    @Test
    void addressDependentMappingIsFoundToo() {
        NatProfile adm = NatProfile.of(dev.nat4j.core.sim.MappingBehavior.ADDRESS_DEPENDENT,
                FilteringBehavior.ADDRESS_DEPENDENT).withPortPreservation(false);
        NatReport r = discover(5, DiscoveryConfig.of(SERVER.primary()), Link.DEFAULT, adm);
        assertEquals(MappingBehavior.ADDRESS_DEPENDENT, r.mapping(), r.toString());
        assertEquals(dev.nat4j.stun.discovery.FilteringBehavior.ADDRESS_DEPENDENT, r.filtering());
        assertEquals(NatType.SYMMETRIC, r.natType());
    }

    @Test
    void symmetricWithEndpointIndependentFilteringIsStillSymmetric() {
        NatProfile p = NatProfile.of(dev.nat4j.core.sim.MappingBehavior.ADDRESS_AND_PORT_DEPENDENT,
                FilteringBehavior.ENDPOINT_INDEPENDENT).withPortPreservation(false);
        NatReport r = discover(6, DiscoveryConfig.of(SERVER.primary()), Link.DEFAULT, p);
        assertEquals(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT, r.mapping(), r.toString());
        assertEquals(dev.nat4j.stun.discovery.FilteringBehavior.ENDPOINT_INDEPENDENT, r.filtering());
        assertEquals(NatType.SYMMETRIC, r.natType());
    }

    /** Retransmissions carry the tests through a lossy, jittery path; seeds vary the losses. */
    @ParameterizedTest
    @ValueSource(longs = {101, 202, 303, 404, 505})
    void classificationSurvivesLossAndJitter(long seed) {
        Link lossy = Link.DEFAULT.withLatency(Duration.ofMillis(30)).withJitter(Duration.ofMillis(10)).withLoss(0.05);
        for (NatKind kind : List.of(NatKind.FULL_CONE, NatKind.RESTRICTED_CONE, NatKind.PORT_RESTRICTED_CONE,
                NatKind.SYMMETRIC)) {
            NatReport r = discover(seed, DiscoveryConfig.of(SERVER.primary()), lossy,
                    kind.routers().toArray(NatProfile[]::new));
            assertClassified(EXPECTED.get(kind), r, kind + " seed " + seed);
        }
    }

    @Test
    void serverWithoutRfc5780GivesHonestUnknowns() {
        SimNetwork net = new SimNetwork(SimNetwork.seedFromProperty(9));
        SimHost stun = net.internet().addHost("stun", "192.0.2.1");
        stun.attach(new StunServerEngine(StunServerConfig.defaults()), 3478);
        SimHost client = net.addLan("lan", NatKind.PORT_RESTRICTED_CONE).addHost("client");
        NatDiscoveryEngine engine = new NatDiscoveryEngine(DiscoveryConfig.of(SERVER.primary()));
        SimEndpoint<DiscoveryEvent> endpoint = client.attach(engine, 0, 0);
        net.execute(() -> engine.start(endpoint.sockets().get(0), endpoint.sockets().get(1), net.now()));
        net.awaitOrFail(engine::isDone, Duration.ofMinutes(1), "discovery finished");
        NatReport r = engine.report();
        assertEquals(MappingBehavior.UNKNOWN, r.mapping());
        assertEquals(dev.nat4j.stun.discovery.FilteringBehavior.UNKNOWN, r.filtering());
        assertEquals(NatType.UNKNOWN, r.natType());
        assertEquals(null, r.otherAddress());
        assertNotNull(r.mappedAddress());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("OTHER-ADDRESS")), r.reasons().toString());
    }

    @Test
    void bindingLifetimeIsFoundWithinTheSearchResolution() {
        NatProfile shortLived = NatKind.PORT_RESTRICTED_CONE.profile().withMappingTimeout(Duration.ofSeconds(30));
        DiscoveryConfig config = DiscoveryConfig.of(SERVER.primary()).withHairpinning(false)
                .withBindingLifetime(true, Duration.ofSeconds(64), 6);
        NatReport r = discover(21, config, Link.DEFAULT, shortLived);
        assertNotNull(r.bindingLifetime(), r.toString());
        // six halvings of 64 s leave a 1 s interval; the estimate is its lower end
        long seconds = r.bindingLifetime().toSeconds();
        assertTrue(seconds >= 28 && seconds <= 30, r.toString());
        assertClassified(EXPECTED.get(NatKind.PORT_RESTRICTED_CONE), r, "with lifetime search");
    }
}
