package dev.nat4j.stun.discovery;

import java.net.InetSocketAddress;

/**
 * The decisions of RFC 5780 §4.3 and §4.4 and the classic RFC 3489 names, as pure functions of the test outcomes, so
 * that the whole decision table is tested without any network.
 *
 * <pre>{@code
 * MappingBehavior m = NatClassifier.mapping(local, test1, test2, test3);
 * FilteringBehavior f = NatClassifier.filtering(ProbeResult.NO_RESPONSE, ProbeResult.NO_RESPONSE);
 * NatType type = NatClassifier.natType(false, m, f);
 * }</pre>
 */
public final class NatClassifier {
    private NatClassifier() {}

    /**
     * Mapping behaviour from the mapped addresses of the three mapping tests.
     *
     * @param local the local address the requests were sent from
     * @param test1 mapped address seen by the primary server address
     * @param test2 mapped address seen by the alternate IP and primary port, or {@code null} (no answer / not run)
     * @param test3 mapped address seen by the alternate IP and alternate port, or {@code null}
     * @return {@link MappingBehavior#UNKNOWN} when {@code test1} is {@code null}, or when a test the decision needs
     *     has no result
     */
    public static MappingBehavior mapping(InetSocketAddress local, InetSocketAddress test1, InetSocketAddress test2,
            InetSocketAddress test3) {
        if (test1 == null) {
            return MappingBehavior.UNKNOWN;
        }
        if (test1.equals(local)) {
            return MappingBehavior.NO_NAT;
        }
        if (test2 == null) {
            return MappingBehavior.UNKNOWN;
        }
        if (test2.equals(test1)) {
            return MappingBehavior.ENDPOINT_INDEPENDENT;
        }
        if (test3 == null) {
            return MappingBehavior.UNKNOWN;
        }
        return test3.equals(test2) ? MappingBehavior.ADDRESS_DEPENDENT : MappingBehavior.ADDRESS_AND_PORT_DEPENDENT;
    }

    /**
     * Filtering behaviour from the two CHANGE-REQUEST probes.
     *
     * @param changeIpAndPort the probe answered from the other IP and other port (test II)
     * @param changePort      the probe answered from the same IP and other port (test III; only needed when test II
     *                        got no response)
     */
    public static FilteringBehavior filtering(ProbeResult changeIpAndPort, ProbeResult changePort) {
        if (changeIpAndPort == ProbeResult.RESPONSE) {
            return FilteringBehavior.ENDPOINT_INDEPENDENT;
        }
        if (changeIpAndPort != ProbeResult.NO_RESPONSE) {
            return FilteringBehavior.UNKNOWN;
        }
        return switch (changePort) {
            case RESPONSE -> FilteringBehavior.ADDRESS_DEPENDENT;
            case NO_RESPONSE -> FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
            default -> FilteringBehavior.UNKNOWN;
        };
    }

    /**
     * The classic name (RFC 3489 §10.1) for what was measured.
     *
     * @param udpBlocked true when the server never answered the first Binding request
     */
    public static NatType natType(boolean udpBlocked, MappingBehavior mapping, FilteringBehavior filtering) {
        if (udpBlocked) {
            return NatType.UDP_BLOCKED;
        }
        return switch (mapping) {
            case NO_NAT -> switch (filtering) {
                case ENDPOINT_INDEPENDENT -> NatType.OPEN_INTERNET;
                case ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT -> NatType.SYMMETRIC_UDP_FIREWALL;
                case UNKNOWN -> NatType.UNKNOWN;
            };
            // A new mapping per destination defeats the cone distinctions whatever the filtering.
            case ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT -> NatType.SYMMETRIC;
            case ENDPOINT_INDEPENDENT -> switch (filtering) {
                case ENDPOINT_INDEPENDENT -> NatType.FULL_CONE;
                case ADDRESS_DEPENDENT -> NatType.RESTRICTED_CONE;
                case ADDRESS_AND_PORT_DEPENDENT -> NatType.PORT_RESTRICTED_CONE;
                case UNKNOWN -> NatType.UNKNOWN;
            };
            case UNKNOWN -> NatType.UNKNOWN;
        };
    }
}
