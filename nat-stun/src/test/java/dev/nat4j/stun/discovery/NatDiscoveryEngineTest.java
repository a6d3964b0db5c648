package dev.nat4j.stun.discovery;

import static dev.nat4j.stun.discovery.ScriptedNetwork.FIRST;
import static dev.nat4j.stun.discovery.ScriptedNetwork.OTHER;
import static dev.nat4j.stun.discovery.ScriptedNetwork.SECOND;
import static dev.nat4j.stun.discovery.ScriptedNetwork.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Engine;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ResponsePort;

/** The discovery engine against scripted NATs and servers, on explicit virtual time (no sockets, no sleeps). */
class NatDiscoveryEngineTest {
    private static final long MS = 1_000_000L;

    private static NatDiscoveryEngine engine() {
        return new NatDiscoveryEngine(DiscoveryConfig.of(SERVER));
    }

    private static String steps(ScriptedNetwork net) {
        return String.join("\n", net.progress().stream().map(DiscoveryProgress::toString).toList());
    }

    @Test
    void noAnswerMeansUdpBlockedAfterTheShortSchedule() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.udpBlocked = true;
        long start = net.now;
        NatReport r = net.report(net.run(engine(), SECOND));

        assertEquals(NatType.UDP_BLOCKED, r.natType());
        assertTrue(r.udpBlocked());
        assertNull(r.mappedAddress());
        assertEquals(MappingBehavior.UNKNOWN, r.mapping());
        assertEquals(FilteringBehavior.UNKNOWN, r.filtering());
        assertNull(r.hairpinning());
        assertEquals(Duration.ofMillis(2200), r.duration());
        // test I from the first socket (and the second socket's own test I) at 0, 200, 600, 1400 ms
        List<Long> fromFirst = net.sent.stream().filter(s -> FIRST.equals(s.transmit().source()))
                .map(s -> (s.at() - start) / MS).toList();
        assertEquals(List.of(0L, 200L, 600L, 1400L), fromFirst);
        assertEquals(8, net.sent.size());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("no answer")), r.reasons().toString());
        assertEquals(Engine.NO_TIMEOUT, engineAfter(net).pollTimeout());
    }

    private static NatDiscoveryEngine engineAfter(ScriptedNetwork net) {
        // a finished engine from a fresh run: proves nothing is left scheduled
        NatDiscoveryEngine e = engine();
        ScriptedNetwork again = new ScriptedNetwork();
        again.udpBlocked = net.udpBlocked;
        again.run(e, SECOND);
        assertTrue(e.isDone());
        assertNull(e.pollTransmit());
        return e;
    }

    @Test
    void fullConeWithHairpinning() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.EIF;
        net.hairpinning = true;
        NatReport r = net.report(net.run(engine(), SECOND));

        assertEquals(new InetSocketAddress(ScriptedNetwork.PUBLIC_IP, 6000), r.mappedAddress(), steps(net));
        assertEquals(FIRST.socketAddress(), r.localAddress());
        assertEquals(OTHER, r.otherAddress());
        assertEquals(MappingBehavior.ENDPOINT_INDEPENDENT, r.mapping());
        assertEquals(FilteringBehavior.ENDPOINT_INDEPENDENT, r.filtering());
        assertEquals(Boolean.TRUE, r.hairpinning());
        assertEquals(NatType.FULL_CONE, r.natType());
        assertEquals(List.of(), r.reasons());
        // answers are immediate: only the pacing of new transactions (TEST I of the second socket, filtering II,
        // mapping II, two hairpin probes) takes time
        assertEquals(Duration.ofMillis(400), r.duration(), steps(net));
        assertEquals(List.of(DiscoveryStep.CONNECTIVITY, DiscoveryStep.FILTERING_CHANGE_IP_AND_PORT,
                DiscoveryStep.MAPPING_ALTERNATE_IP, DiscoveryStep.HAIRPINNING),
                net.progress().stream().map(DiscoveryProgress::step).toList());
    }

    /** RFC 5780 §5: no more than ten new transactions a second (retransmissions are not new transactions). */
    @Test
    void newTransactionsArePacedAtLeast100MsApart() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.hairpinning = true;
        net.mapping = (local, dest) -> new InetSocketAddress(ScriptedNetwork.PUBLIC_IP,
                10_000 + local.port() % 100 * 100 + dest.getAddress().getAddress()[3] * 10 + dest.getPort() % 10);
        net.run(engine(), SECOND);
        java.util.Set<dev.nat4j.stun.TransactionId> seen = new java.util.HashSet<>();
        long last = Long.MIN_VALUE / 2;
        int starts = 0;
        for (ScriptedNetwork.Sent s : net.sent) {
            if (seen.add(s.message().transactionId())) {
                assertTrue(s.at() - last >= 100 * MS, "transaction started " + (s.at() - last) / MS + " ms after the last");
                last = s.at();
                starts++;
            }
        }
        assertTrue(starts >= 7, "test I x2, filtering x2, mapping x2, hairpin x2: " + starts);
    }

    @Test
    void filteringTestsRunBeforeTheMappingTestsContactTheAlternateAddress() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.run(engine(), SECOND);
        int firstToOther = -1;
        int lastChangeRequest = -1;
        for (int i = 0; i < net.sent.size(); i++) {
            ScriptedNetwork.Sent s = net.sent.get(i);
            if (s.transmit().destination().getAddress().equals(OTHER.getAddress()) && firstToOther < 0) {
                firstToOther = i;
            }
            if (s.message().has(ChangeRequest.TYPE)) {
                lastChangeRequest = i;
            }
        }
        assertTrue(lastChangeRequest >= 0 && firstToOther > lastChangeRequest, steps(net));
    }

    @Test
    void restrictedConeNeedsTheSecondFilteringProbe() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.ADF;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(FilteringBehavior.ADDRESS_DEPENDENT, r.filtering(), steps(net));
        assertEquals(NatType.RESTRICTED_CONE, r.natType());
        assertEquals(Boolean.FALSE, r.hairpinning());
        // paced starts: test I 0 (second socket 100), filtering II 200 (waits its whole 2.2 s), filtering III 2400,
        // mapping II 2500, hairpin probes 2600 and 2700, the last giving up 2.2 s later
        assertEquals(Duration.ofMillis(4900), r.duration(), steps(net));
    }

    @Test
    void portRestrictedConeHairpinsThroughItsOwnFilter() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.hairpinning = true;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(NatType.PORT_RESTRICTED_CONE, r.natType(), steps(net));
        assertEquals(FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT, r.filtering());
        assertEquals(Boolean.TRUE, r.hairpinning(), steps(net));
    }

    @Test
    void addressDependentMappingIsSymmetric() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.mapping = (local, dest) -> new InetSocketAddress(ScriptedNetwork.PUBLIC_IP,
                local.port() + (dest.getAddress().equals(SERVER.getAddress()) ? 1000 : 2000));
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(MappingBehavior.ADDRESS_DEPENDENT, r.mapping(), steps(net));
        assertEquals(NatType.SYMMETRIC, r.natType());
    }

    @Test
    void addressAndPortDependentMappingIsSymmetric() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.mapping = (local, dest) -> new InetSocketAddress(ScriptedNetwork.PUBLIC_IP,
                10_000 + local.port() % 100 * 100 + dest.getAddress().getAddress()[3] * 10 + dest.getPort() % 10);
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT, r.mapping(), steps(net));
        assertEquals(NatType.SYMMETRIC, r.natType());
        assertEquals(6, net.progress().size(), steps(net));
    }

    @Test
    void noNatWithoutFilterIsOpenInternet() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.mapping = (local, dest) -> local.socketAddress();
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(MappingBehavior.NO_NAT, r.mapping());
        assertEquals(FilteringBehavior.ENDPOINT_INDEPENDENT, r.filtering());
        assertEquals(NatType.OPEN_INTERNET, r.natType());
        assertNull(r.hairpinning());
        assertTrue(r.reasons().get(0).contains("no NAT"), r.reasons().toString());
        assertTrue(net.sent.stream().noneMatch(s -> s.transmit().destination().getAddress()
                .equals(OTHER.getAddress())), "no mapping tests without a NAT");
    }

    @Test
    void noNatWithAFilterIsASymmetricUdpFirewall() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.mapping = (local, dest) -> local.socketAddress();
        net.filter = ScriptedNetwork.APDF;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(NatType.SYMMETRIC_UDP_FIREWALL, r.natType());
        assertEquals(FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT, r.filtering());
    }

    @Test
    void serverWithoutOtherAddressGivesUnknownsWithReasons() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.serverSendsOtherAddress = false;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(MappingBehavior.UNKNOWN, r.mapping());
        assertEquals(FilteringBehavior.UNKNOWN, r.filtering());
        assertEquals(NatType.UNKNOWN, r.natType());
        assertNull(r.otherAddress());
        assertEquals(2, r.reasons().size(), r.reasons().toString());
        assertTrue(r.reasons().stream().allMatch(s -> s.contains("OTHER-ADDRESS")), r.reasons().toString());
        assertTrue(net.sent.stream().noneMatch(s -> s.message().has(ChangeRequest.TYPE)));
    }

    @Test
    void changeRequestRefusedWith420GivesUnknownFiltering() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.serverChangeRequestError = 420;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(FilteringBehavior.UNKNOWN, r.filtering());
        assertEquals(MappingBehavior.ENDPOINT_INDEPENDENT, r.mapping());
        assertEquals(NatType.UNKNOWN, r.natType());
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("error")), r.reasons().toString());
    }

    @Test
    void aServerThatIgnoresChangeRequestIsNotMistakenForAFullCone() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.filter = ScriptedNetwork.APDF;
        net.serverHonoursChangeRequest = false;
        NatReport r = net.report(net.run(engine(), SECOND));
        assertEquals(FilteringBehavior.UNKNOWN, r.filtering(), steps(net));
        assertTrue(r.reasons().stream().anyMatch(s -> s.contains("ignored CHANGE-REQUEST")), r.reasons().toString());
    }

    @Test
    void bindingErrorFailsTheRun() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.serverBindingError = 401;
        DiscoveryEvent last = net.run(engine(), SECOND);
        DiscoveryFailed failed = assertInstanceOf(DiscoveryFailed.class, last);
        assertTrue(failed.reason().contains("401"), failed.reason());
    }

    @Test
    void withoutASecondSocketHairpinningIsUnknown() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.hairpinning = true;
        NatReport r = net.report(net.run(engine(), null));
        assertNull(r.hairpinning());
        assertEquals(NatType.FULL_CONE, r.natType());
        assertTrue(r.reasons().get(0).contains("second local socket"), r.reasons().toString());
        assertTrue(net.sent.stream().allMatch(s -> FIRST.equals(s.transmit().source())));
    }

    @Test
    void hairpinningCanBeSwitchedOff() {
        ScriptedNetwork net = new ScriptedNetwork();
        net.hairpinning = true;
        NatReport r = net.report(net.run(new NatDiscoveryEngine(DiscoveryConfig.of(SERVER).withHairpinning(false)),
                SECOND));
        assertNull(r.hairpinning());
        assertEquals(List.of(), r.reasons());
    }

    @Test
    void lifetimeSearchIsBoundedAndUsesResponsePort() {
        ScriptedNetwork net = new ScriptedNetwork();
        DiscoveryConfig config = DiscoveryConfig.of(SERVER).withHairpinning(false)
                .withBindingLifetime(true, Duration.ofSeconds(64), 4);
        NatReport r = net.report(net.run(new NatDiscoveryEngine(config), SECOND));
        // The script's server ignores RESPONSE-PORT and answers the second socket: every probe counts as expired.
        assertEquals(Duration.ZERO, r.bindingLifetime());
        long probes = net.sent.stream().filter(s -> s.message().has(ResponsePort.TYPE)).count();
        assertEquals(4, probes);
        assertTrue(net.sent.stream().filter(s -> s.message().has(ResponsePort.TYPE))
                .allMatch(s -> SECOND.equals(s.transmit().source())));
        // halvings of 64 s: 32 + 16 + 8 + 4 s of idling
        assertTrue(r.duration().compareTo(Duration.ofSeconds(60)) >= 0, r.duration().toString());
    }

    @Test
    void startTwiceIsRefused() {
        NatDiscoveryEngine e = engine();
        e.start(FIRST, SECOND, 0);
        assertThrows(IllegalStateException.class, () -> e.start(FIRST, SECOND, 0));
    }

    @Test
    void garbageAndStrayMessagesNeverThrowAndChangeNothing() {
        NatDiscoveryEngine e = engine();
        e.handleDatagram(FIRST, SERVER, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0); // before start: ignored
        e.start(FIRST, SECOND, 0);
        while (e.pollTransmit() != null) {
            // drain the first requests
        }
        long deadline = e.pollTimeout();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            if (junk.length >= 8 && random.nextBoolean()) {
                junk[0] = 0x01; // Binding success response type, with the cookie: reaches the matching code
                junk[1] = 0x01;
                ByteBuffer.wrap(junk).putInt(4, 0x2112A442);
            }
            e.handleDatagram(random.nextBoolean() ? FIRST : SECOND, SERVER, ByteBuffer.wrap(junk), 1);
        }
        assertFalse(e.isDone());
        assertNull(e.pollTransmit());
        assertNull(e.pollEvent());
        assertEquals(deadline, e.pollTimeout());
    }
}
