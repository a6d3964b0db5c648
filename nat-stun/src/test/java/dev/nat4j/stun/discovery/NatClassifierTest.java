package dev.nat4j.stun.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The RFC 5780 §4.3/§4.4 decisions and the RFC 3489 names, as whole tables. */
class NatClassifierTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.2", 5000);
    private static final InetSocketAddress M1 = new InetSocketAddress("198.51.100.1", 6000);
    private static final InetSocketAddress M2 = new InetSocketAddress("198.51.100.1", 6001);
    private static final InetSocketAddress M3 = new InetSocketAddress("198.51.100.1", 6002);

    static Stream<Arguments> mappingTable() {
        return Stream.of(
                // test I, test II, test III -> mapping
                Arguments.of(null, null, null, MappingBehavior.UNKNOWN),
                Arguments.of(LOCAL, null, null, MappingBehavior.NO_NAT),
                Arguments.of(LOCAL, M2, M3, MappingBehavior.NO_NAT),
                Arguments.of(M1, null, null, MappingBehavior.UNKNOWN),
                Arguments.of(M1, M1, null, MappingBehavior.ENDPOINT_INDEPENDENT),
                Arguments.of(M1, M1, M2, MappingBehavior.ENDPOINT_INDEPENDENT),
                Arguments.of(M1, M2, null, MappingBehavior.UNKNOWN),
                Arguments.of(M1, M2, M2, MappingBehavior.ADDRESS_DEPENDENT),
                Arguments.of(M1, M2, M3, MappingBehavior.ADDRESS_AND_PORT_DEPENDENT),
                Arguments.of(M1, M2, M1, MappingBehavior.ADDRESS_AND_PORT_DEPENDENT),
                // same port on another IP is still another mapping
                Arguments.of(M1, new InetSocketAddress("198.51.100.9", 6000), null, MappingBehavior.UNKNOWN));
    }

    @ParameterizedTest
    @MethodSource("mappingTable")
    void mapping(InetSocketAddress t1, InetSocketAddress t2, InetSocketAddress t3, MappingBehavior expected) {
        assertEquals(expected, NatClassifier.mapping(LOCAL, t1, t2, t3));
    }

    /** Every pair of probe results: the expected filtering written out, not computed. */
    @Test
    void filteringForEveryPairOfProbeResults() {
        for (ProbeResult two : ProbeResult.values()) {
            for (ProbeResult three : ProbeResult.values()) {
                FilteringBehavior expected;
                if (two == ProbeResult.RESPONSE) {
                    expected = FilteringBehavior.ENDPOINT_INDEPENDENT;
                } else if (two == ProbeResult.NO_RESPONSE && three == ProbeResult.RESPONSE) {
                    expected = FilteringBehavior.ADDRESS_DEPENDENT;
                } else if (two == ProbeResult.NO_RESPONSE && three == ProbeResult.NO_RESPONSE) {
                    expected = FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
                } else {
                    expected = FilteringBehavior.UNKNOWN;
                }
                assertEquals(expected, NatClassifier.filtering(two, three), two + " / " + three);
            }
        }
    }

    /** The full mapping x filtering x blocked table, each row stated explicitly. */
    @Test
    void classicNameForEveryCombination() {
        List<String> rows = new ArrayList<>();
        for (MappingBehavior m : MappingBehavior.values()) {
            for (FilteringBehavior f : FilteringBehavior.values()) {
                rows.add(m.token() + " " + f.token() + " -> " + NatClassifier.natType(false, m, f).token());
                assertEquals(NatType.UDP_BLOCKED, NatClassifier.natType(true, m, f));
            }
        }
        assertEquals(List.of(
                "no-nat endpoint-independent -> open-internet",
                "no-nat address-dependent -> symmetric-udp-firewall",
                "no-nat address-and-port-dependent -> symmetric-udp-firewall",
                "no-nat unknown -> unknown",
                "endpoint-independent endpoint-independent -> full-cone",
                "endpoint-independent address-dependent -> restricted-cone",
                "endpoint-independent address-and-port-dependent -> port-restricted-cone",
                "endpoint-independent unknown -> unknown",
                "address-dependent endpoint-independent -> symmetric",
                "address-dependent address-dependent -> symmetric",
                "address-dependent address-and-port-dependent -> symmetric",
                "address-dependent unknown -> symmetric",
                "address-and-port-dependent endpoint-independent -> symmetric",
                "address-and-port-dependent address-dependent -> symmetric",
                "address-and-port-dependent address-and-port-dependent -> symmetric",
                "address-and-port-dependent unknown -> symmetric",
                "unknown endpoint-independent -> unknown",
                "unknown address-dependent -> unknown",
                "unknown address-and-port-dependent -> unknown",
                "unknown unknown -> unknown"), rows);
    }

    @Test
    void tokensAreTheDocumentedJsonValues() {
        assertEquals(List.of("no-nat", "endpoint-independent", "address-dependent", "address-and-port-dependent",
                "unknown"), Stream.of(MappingBehavior.values()).map(MappingBehavior::token).toList());
        assertEquals(List.of("endpoint-independent", "address-dependent", "address-and-port-dependent", "unknown"),
                Stream.of(FilteringBehavior.values()).map(FilteringBehavior::token).toList());
    }
}
