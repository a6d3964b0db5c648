package dev.nat4j.stun.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of one NAT behaviour discovery run (RFC 5780 §4).
 *
 * <pre>{@code
 * NatReport r = NatCheck.builder(server).build().run().get();
 * System.out.println(r.mappedAddress() + " " + r.natType().displayName());
 * if (r.mapping() == MappingBehavior.UNKNOWN) r.reasons().forEach(System.out::println);
 * }</pre>
 *
 * @param localAddress    the local address the tests ran from
 * @param mappedAddress   the server-reflexive address seen by the primary server address, or {@code null} when the
 *                        server never answered
 * @param otherAddress    the server's OTHER-ADDRESS, or {@code null} when it has none (no RFC 5780 support)
 * @param mapping         mapping behaviour ({@link MappingBehavior#NO_NAT} when the mapped address is local)
 * @param filtering       filtering behaviour
 * @param hairpinning     whether a datagram sent to our own mapped address comes back to us; {@code null} when
 *                        unknown or not applicable
 * @param natType         the classic name
 * @param bindingLifetime the longest idle time after which the binding was still found alive (a lower bound), or
 *                        {@code null} when not measured
 * @param duration        how long the run took
 * @param reasons         why each unknown is unknown (and other caveats), one line each; empty when all is known
 */
public record NatReport(
        InetSocketAddress localAddress,
        InetSocketAddress mappedAddress,
        InetSocketAddress otherAddress,
        MappingBehavior mapping,
        FilteringBehavior filtering,
        Boolean hairpinning,
        NatType natType,
        Duration bindingLifetime,
        Duration duration,
        List<String> reasons) {

    public NatReport {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(filtering, "filtering");
        Objects.requireNonNull(natType, "natType");
        Objects.requireNonNull(duration, "duration");
        reasons = List.copyOf(reasons);
    }

    /** True when the server never answered over UDP. */
    public boolean udpBlocked() {
        return natType == NatType.UDP_BLOCKED;
    }
}
