package dev.nat4j.ice;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One ICE candidate (RFC 8445 §5.1): a transport address a peer may be reached at, with what ICE needs to order and
 * group it. Immutable; equal candidates are the same candidate.
 *
 * <pre>{@code
 * IceCandidate host = IceCandidate.host("1", TransportAddress.udp(new InetSocketAddress("192.0.2.10", 5000)), 65535);
 * }</pre>
 *
 * @param foundation     1 to 32 characters of ALPHA / DIGIT / "+" / "/" (§5.1.1.3, RFC 8839 ice-char)
 * @param component      1..256; nat4j uses one component, 1
 * @param priority       0..2^32-1 (ours are 1..2^31-1; a peer's PRIORITY may be any unsigned 32-bit value)
 * @param address        the candidate's transport address (its transport is the candidate's transport)
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress for reflexive and relayed candidates the base or server-side address (RFC 8839
 *                       {@code raddr/rport}); {@code null} when unknown or for host candidates
 */
public record IceCandidate(String foundation, int component, long priority, TransportAddress address,
                           CandidateType type, InetSocketAddress relatedAddress) {

    /** The longest foundation RFC 8839 allows. */
    public static final int MAX_FOUNDATION_LENGTH = 32;

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (foundation.isEmpty() || foundation.length() > MAX_FOUNDATION_LENGTH) {
            throw new IllegalArgumentException("foundation must have 1 to 32 characters: " + foundation);
        }
        for (int i = 0; i < foundation.length(); i++) {
            char c = foundation.charAt(i);
            boolean iceChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!iceChar) {
                throw new IllegalArgumentException("foundation has a character outside ice-char: " + foundation);
            }
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component out of range: " + component);
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (relatedAddress != null && relatedAddress.isUnresolved()) {
            throw new IllegalArgumentException("unresolved related address: " + relatedAddress);
        }
    }

    /** A host candidate of component 1 with the given local preference (§5.1.2). */
    public static IceCandidate host(String foundation, TransportAddress address, int localPreference) {
        return new IceCandidate(foundation, 1, CandidatePriority.candidate(CandidateType.HOST, localPreference, 1),
                address, CandidateType.HOST, null);
    }

    /** The candidate's transport (UDP for every candidate nat4j gathers today). */
    public Transport transport() {
        return address.transport();
    }

    /** True when its address is IPv6. */
    public boolean isIpv6() {
        return address.isIpv6();
    }

    /** The same candidate with another priority (a role never changes candidate priorities; peers may re-signal). */
    public IceCandidate withPriority(long newPriority) {
        return new IceCandidate(foundation, component, newPriority, address, type, relatedAddress);
    }

    @Override
    public String toString() {
        return type.token() + " " + address + " prio=" + priority + " fnd=" + foundation
                + (relatedAddress == null ? "" : " rel=" + relatedAddress);
    }
}
