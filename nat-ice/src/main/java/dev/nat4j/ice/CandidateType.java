package dev.nat4j.ice;

/**
 * The four kinds of ICE candidate (RFC 8445 §4) with their recommended type preferences (§5.1.2.2) and their SDP
 * tokens (RFC 8839 {@code typ}).
 *
 * <pre>{@code
 * long p = CandidatePriority.candidate(CandidateType.HOST, 65535, 1);
 * }</pre>
 */
public enum CandidateType {
    /** An address of a local interface. */
    HOST(126, "host"),
    /** Learnt from the mapped address of a connectivity check (§7.2.5.3.1, §7.3.1.3). */
    PEER_REFLEXIVE(110, "prflx"),
    /** Learnt from a STUN server's mapped address. */
    SERVER_REFLEXIVE(100, "srflx"),
    /** Allocated on a TURN server; a last resort. */
    RELAYED(0, "relay");

    private final int typePreference;
    private final String token;

    CandidateType(int typePreference, String token) {
        this.typePreference = typePreference;
        this.token = token;
    }

    /** The RFC 8445 §5.1.2.2 recommended type preference, 0..126. */
    public int typePreference() {
        return typePreference;
    }

    /** The SDP {@code typ} token: {@code host}, {@code prflx}, {@code srflx} or {@code relay}. */
    public String token() {
        return token;
    }

    /** True for server- and peer-reflexive candidates, which are sent from their base (§6.1.2.4). */
    public boolean isReflexive() {
        return this == SERVER_REFLEXIVE || this == PEER_REFLEXIVE;
    }
}
