package dev.nat4j.ice;

import dev.nat4j.core.Transport;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hands out candidate foundations (RFC 8445 §5.1.1.3): two candidates share one exactly when they have the same type,
 * the same base IP, the same STUN/TURN server IP (for reflexive and relayed ones) and the same transport.
 *
 * <p>Foundations are short counters ("1", "2", ...) rather than hashes, so two different keys never collide. One
 * instance per agent (foundations only need to be unique within an agent's candidates). Not thread-safe.
 *
 * <pre>{@code
 * Foundations foundations = new Foundations();
 * String f = foundations.of(CandidateType.SERVER_REFLEXIVE, baseIp, stunServerIp, Transport.UDP);
 * }</pre>
 */
public final class Foundations {
    /** A cap on distinct keys: an agent with more candidate kinds than this is misconfigured. */
    public static final int MAX_FOUNDATIONS = 4096;

    private record Key(CandidateType type, InetAddress base, InetAddress server, Transport transport) {
    }

    private final Map<Key, String> assigned = new HashMap<>();

    /**
     * The foundation for a candidate of {@code type} whose base is {@code baseIp}, learnt from {@code serverIp}
     * ({@code null} for host and peer-reflexive candidates), over {@code transport}.
     */
    public String of(CandidateType type, InetAddress baseIp, InetAddress serverIp, Transport transport) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseIp, "baseIp");
        Objects.requireNonNull(transport, "transport");
        Key key = new Key(type, baseIp, type == CandidateType.HOST || type == CandidateType.PEER_REFLEXIVE ? null
                : serverIp, transport);
        String existing = assigned.get(key);
        if (existing != null) {
            return existing;
        }
        if (assigned.size() >= MAX_FOUNDATIONS) {
            throw new IllegalStateException("more than " + MAX_FOUNDATIONS + " candidate foundations");
        }
        String fresh = Integer.toString(assigned.size() + 1);
        assigned.put(key, fresh);
        return fresh;
    }
}
