package dev.nat4j.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.lab.NatDiscovery.Filtering;
import dev.nat4j.core.lab.NatDiscovery.Mapping;
import dev.nat4j.core.testing.Prerequisites;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab checks itself: every {@link NatMode} behaves as its Javadoc claims, judged by coturn's
 * {@code turnutils_natdiscovery} against coturn's RFC 5780 server on the lab's two public addresses. One lab and one
 * LAN are reused; switching modes also exercises rule replacement, conntrack flushing and the double-NAT rewiring.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatLabModesIT {
    private NatLab lab;
    private CoturnServer stun;
    private LabLan lan;

    @BeforeAll
    void startLabAndServer() {
        Prerequisites.requireRoot();
        for (String program : new String[] {"ip", "iptables-restore", "conntrack", "tc", "ss", "turnserver",
                "turnutils_natdiscovery"}) {
            Prerequisites.requireProgram(program);
        }
        lab = NatLab.builder().lan("a", NatMode.PORT_RESTRICTED_CONE).lan("b", NatMode.SYMMETRIC).build();
        stun = CoturnServer.start(lab.server());
        lan = lab.lan("a");
    }

    @AfterAll
    void stop() {
        if (stun != null) {
            stun.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private static Mapping expectedMapping(NatMode mode) {
        return switch (mode) {
            case OPEN -> Mapping.NO_NAT;
            case FULL_CONE, RESTRICTED_CONE, PORT_RESTRICTED_CONE, DOUBLE_NAT -> Mapping.ENDPOINT_INDEPENDENT;
            case SYMMETRIC -> Mapping.ADDRESS_AND_PORT_DEPENDENT;
            case UDP_BLOCKED -> Mapping.NO_RESPONSE;
        };
    }

    private static Filtering expectedFiltering(NatMode mode) {
        return switch (mode) {
            case OPEN, FULL_CONE -> Filtering.ENDPOINT_INDEPENDENT;
            case RESTRICTED_CONE -> Filtering.ADDRESS_DEPENDENT;
            case PORT_RESTRICTED_CONE, SYMMETRIC, DOUBLE_NAT -> Filtering.ADDRESS_AND_PORT_DEPENDENT;
            case UDP_BLOCKED -> Filtering.NO_RESPONSE;
        };
    }

    @ParameterizedTest
    @EnumSource(NatMode.class)
    void mappingAndFilteringAreWhatTheModeClaims(NatMode mode) {
        lan.configure(mode, false);

        NatDiscovery.Outcome<Mapping> mapping = NatDiscovery.mapping(lan.host(), stun.primary());
        assertEquals(expectedMapping(mode), mapping.behaviour(), mode + " mapping\n" + mapping.output());
        if (mode != NatMode.UDP_BLOCKED) {
            InetSocketAddress mapped = mapping.reflexiveAddress().orElseThrow();
            assertEquals(lan.externalAddress(), mapped.getAddress(),
                    mode + ": the server must see the LAN's external address\n" + mapping.output());
        }

        // The restricted cone remembers every address the host sent to, and the mapping test just sent to both
        // server addresses: start the filtering test from a clean router, as it would from a fresh socket.
        lan.resetState();
        NatDiscovery.Outcome<Filtering> filtering = NatDiscovery.filtering(lan.host(), stun.primary());
        assertEquals(expectedFiltering(mode), filtering.behaviour(), mode + " filtering\n" + filtering.output());
    }

    @ParameterizedTest
    @EnumSource(value = NatMode.class, names = {"FULL_CONE", "RESTRICTED_CONE", "PORT_RESTRICTED_CONE"})
    void hairpinningFollowsTheSwitch(NatMode mode) {
        lan.configure(mode, true);
        assertTrue(lan.hairpinning());
        NatDiscovery.Outcome<Optional<Boolean>> on = NatDiscovery.hairpinning(lan.host(), stun.primary());
        assertEquals(Optional.of(true), on.behaviour(), mode + " with hairpinning\n" + on.output());

        lan.setHairpinning(false);
        NatDiscovery.Outcome<Optional<Boolean>> off = NatDiscovery.hairpinning(lan.host(), stun.primary());
        assertEquals(Optional.of(false), off.behaviour(), mode + " without hairpinning\n" + off.output());
    }

    @ParameterizedTest
    @EnumSource(value = NatMode.class, names = {"SYMMETRIC", "DOUBLE_NAT"})
    void modesThatCannotHairpinStayOff(NatMode mode) {
        lan.configure(mode, true);
        assertEquals(false, lan.hairpinning());
        NatDiscovery.Outcome<Optional<Boolean>> result = NatDiscovery.hairpinning(lan.host(), stun.primary());
        assertEquals(Optional.of(false), result.behaviour(), mode + "\n" + result.output());
    }
}
