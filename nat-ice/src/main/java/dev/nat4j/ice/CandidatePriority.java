package dev.nat4j.ice;

/**
 * The priority arithmetic of RFC 8445: candidate priorities (§5.1.2.1), local preferences for several interfaces
 * (§5.1.2.2 with RFC 8421's IPv6-first interleaving) and candidate-pair priorities (§6.1.2.3).
 *
 * <p>A candidate priority is unsigned 32-bit. Ours stay below 2^31 as §5.1.2 requires, but a peer may send any
 * 32-bit PRIORITY, so pair priorities are unsigned 64-bit values held in a {@code long}: compare them with
 * {@link #comparePairs(long, long)}, never with {@code <}.
 *
 * <pre>{@code
 * long host = CandidatePriority.candidate(CandidateType.HOST, CandidatePriority.localPreference(0, false), 1);
 * long pair = CandidatePriority.pair(host, remotePriority);   // we are controlling
 * }</pre>
 */
public final class CandidatePriority {
    /** The local preference of the only (or most preferred) address. */
    public static final int MAX_LOCAL_PREFERENCE = 0xFFFF;

    private CandidatePriority() {}

    /**
     * {@code 2^24 * typePreference + 2^8 * localPreference + (256 - component)} (§5.1.2.1).
     *
     * @param localPreference 0..65535
     * @param component       1..256
     */
    public static long candidate(CandidateType type, int localPreference, int component) {
        return candidate(type.typePreference(), localPreference, component);
    }

    /** As {@link #candidate(CandidateType, int, int)} with an explicit type preference 0..126. */
    public static long candidate(int typePreference, int localPreference, int component) {
        if (typePreference < 0 || typePreference > 126) {
            throw new IllegalArgumentException("type preference out of range: " + typePreference);
        }
        if (localPreference < 0 || localPreference > MAX_LOCAL_PREFERENCE) {
            throw new IllegalArgumentException("local preference out of range: " + localPreference);
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component out of range: " + component);
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** The local preference inside a candidate priority. */
    public static int localPreferenceOf(long candidatePriority) {
        return (int) ((candidatePriority >>> 8) & 0xFFFF);
    }

    /** The component inside a candidate priority. */
    public static int componentOf(long candidatePriority) {
        return 256 - (int) (candidatePriority & 0xFF);
    }

    /**
     * A unique local preference for the {@code index}-th address of one family (0 = most preferred). IPv6 and IPv4
     * addresses interleave, IPv6 first (RFC 8421 §4): v6#0 65535, v4#0 65534, v6#1 65533, v4#1 65532...
     */
    public static int localPreference(int index, boolean ipv6) {
        if (index < 0 || index >= 0x8000) {
            throw new IllegalArgumentException("interface index out of range: " + index);
        }
        return MAX_LOCAL_PREFERENCE - 2 * index - (ipv6 ? 0 : 1);
    }

    /**
     * {@code 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0)} (§6.1.2.3), unsigned 64-bit. With the RFC's
     * candidate priorities (below 2^31) the result stays below 2^63; with arbitrary 32-bit ones it can reach the
     * unsigned range and, for G = D = 2^32-1 only, would exceed 64 bits: that one saturates at 2^64-1.
     *
     * @param controlling G: the priority of the controlling agent's candidate, 0..2^32-1
     * @param controlled  D: the priority of the controlled agent's candidate, 0..2^32-1
     */
    public static long pair(long controlling, long controlled) {
        checkU32(controlling);
        checkU32(controlled);
        long min = Math.min(controlling, controlled);
        long max = Math.max(controlling, controlled);
        long high = min << 32;
        long sum = high + 2 * max + (controlling > controlled ? 1 : 0);
        // Only both priorities at 2^32-1 (never ours; a peer's out-of-spec PRIORITY) overflow 64 bits: saturate.
        return Long.compareUnsigned(sum, high) < 0 ? -1L : sum;
    }

    /** Orders two pair priorities as the unsigned numbers they are: negative when {@code a} is lower. */
    public static int comparePairs(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    private static void checkU32(long p) {
        if (p < 0 || p > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("candidate priority out of range: " + p);
        }
    }
}
