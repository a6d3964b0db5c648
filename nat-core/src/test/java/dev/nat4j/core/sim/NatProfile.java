package dev.nat4j.core.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The behaviour of one simulated router, in RFC 4787 terms. The named {@link NatKind}s give the usual combinations;
 * build a custom one with the {@code with*} methods.
 *
 * <pre>{@code
 * NatProfile p = NatProfile.of(MappingBehavior.ADDRESS_DEPENDENT, FilteringBehavior.ADDRESS_DEPENDENT)
 *         .withHairpinning(true)
 *         .withMappingTimeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param name              a label for traces and messages (the {@link NatKind} name for named kinds)
 * @param translating       false for a plain router ({@link NatKind#OPEN}): no mapping, no filtering, LAN addresses
 *                          routed from outside
 * @param blocksUdp         drop every UDP datagram in both directions ({@link NatKind#UDP_BLOCKED})
 * @param mapping           outbound mapping behaviour
 * @param filtering         inbound filtering behaviour
 * @param portPreservation  try to keep the internal port as the external port; when it is taken (or when off) a free
 *                          port is drawn from the network's random source
 * @param hairpinning       let hosts behind the NAT reach each other through its public address (RFC 4787 REQ-9);
 *                          the hairpinned datagram carries the sender's external address and passes the receiver's
 *                          filter like any inbound datagram
 * @param mappingTimeout    idle time after which a mapping expires
 * @param inboundRefresh    inbound datagrams also refresh a mapping (outbound ones always do, RFC 4787 REQ-6)
 */
public record NatProfile(String name, boolean translating, boolean blocksUdp, MappingBehavior mapping,
                         FilteringBehavior filtering, boolean portPreservation, boolean hairpinning,
                         Duration mappingTimeout, boolean inboundRefresh) {

    /** 120 s: the Linux conntrack timeout of an established ("assured") UDP flow, and RFC 4787's 2-minute floor. */
    public static final Duration DEFAULT_MAPPING_TIMEOUT = Duration.ofSeconds(120);

    /** Validates: no null behaviour, a positive mapping timeout. */
    public NatProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(filtering, "filtering");
        Objects.requireNonNull(mappingTimeout, "mappingTimeout");
        if (mappingTimeout.isNegative() || mappingTimeout.isZero()) {
            throw new IllegalArgumentException("mappingTimeout must be positive");
        }
    }

    /**
     * A translating NAT with these behaviours, port preservation on, hairpinning off, the default timeout refreshed
     * by outbound traffic only.
     */
    public static NatProfile of(MappingBehavior mapping, FilteringBehavior filtering) {
        return new NatProfile(mapping.abbreviation() + "+" + filtering.abbreviation(), true, false, mapping, filtering,
                true, false, DEFAULT_MAPPING_TIMEOUT, false);
    }

    /** This profile under another label. */
    public NatProfile withName(String value) {
        return new NatProfile(value, translating, blocksUdp, mapping, filtering, portPreservation, hairpinning,
                mappingTimeout, inboundRefresh);
    }

    /** This profile with another mapping behaviour. */
    public NatProfile withMapping(MappingBehavior value) {
        return new NatProfile(name, translating, blocksUdp, value, filtering, portPreservation, hairpinning,
                mappingTimeout, inboundRefresh);
    }

    /** This profile with another filtering behaviour. */
    public NatProfile withFiltering(FilteringBehavior value) {
        return new NatProfile(name, translating, blocksUdp, mapping, value, portPreservation, hairpinning,
                mappingTimeout, inboundRefresh);
    }

    /** This profile with port preservation on or off. */
    public NatProfile withPortPreservation(boolean value) {
        return new NatProfile(name, translating, blocksUdp, mapping, filtering, value, hairpinning, mappingTimeout,
                inboundRefresh);
    }

    /** This profile with hairpinning on or off. */
    public NatProfile withHairpinning(boolean value) {
        return new NatProfile(name, translating, blocksUdp, mapping, filtering, portPreservation, value,
                mappingTimeout, inboundRefresh);
    }

    /** This profile with another mapping timeout. */
    public NatProfile withMappingTimeout(Duration value) {
        return new NatProfile(name, translating, blocksUdp, mapping, filtering, portPreservation, hairpinning, value,
                inboundRefresh);
    }

    /** This profile with inbound refresh on or off. */
    public NatProfile withInboundRefresh(boolean value) {
        return new NatProfile(name, translating, blocksUdp, mapping, filtering, portPreservation, hairpinning,
                mappingTimeout, value);
    }

    /** This profile dropping (or not) all UDP. */
    public NatProfile withUdpBlocked(boolean value) {
        return new NatProfile(name, translating, value, mapping, filtering, portPreservation, hairpinning,
                mappingTimeout, inboundRefresh);
    }

    @Override
    public String toString() {
        if (!translating) {
            return name + "(no NAT" + (blocksUdp ? ", UDP blocked)" : ")");
        }
        return name + "(" + mapping.abbreviation() + "+" + filtering.abbreviation()
                + (portPreservation ? ", port-preserving" : ", random ports")
                + (hairpinning ? ", hairpin" : "")
                + ", timeout " + mappingTimeout.toSeconds() + "s" + (inboundRefresh ? " in+out refresh" : "")
                + (blocksUdp ? ", UDP blocked" : "") + ")";
    }
}
