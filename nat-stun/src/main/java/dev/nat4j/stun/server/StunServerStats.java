package dev.nat4j.stun.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link StunServerEngine}'s counters. Every datagram fed to the engine is counted exactly once:
 * {@code received == successResponses + badRequestResponses + unknownAttributeResponses + droppedTotal()}.
 *
 * <pre>{@code
 * StunServerStats s = server.stats();
 * log.info("answered {}, dropped {} ({} not STUN)", s.successResponses(), s.droppedTotal(), s.dropped(DropReason.NOT_STUN));
 * }</pre>
 *
 * @param received                  datagrams (or stream frames) handed to the engine
 * @param successResponses          Binding success responses sent
 * @param changedSourceResponses    of those, sent from another address or port because of CHANGE-REQUEST
 * @param badRequestResponses       400 (Bad Request) error responses sent
 * @param unknownAttributeResponses 420 (Unknown Attribute) error responses sent
 * @param drops                     datagrams dropped without an answer, by reason (every reason present)
 */
public record StunServerStats(
        long received,
        long successResponses,
        long changedSourceResponses,
        long badRequestResponses,
        long unknownAttributeResponses,
        Map<DropReason, Long> drops) {

    public StunServerStats {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            copy.put(r, drops.getOrDefault(r, 0L));
        }
        drops = Collections.unmodifiableMap(copy);
    }

    /** Datagrams dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops.get(reason);
    }

    /** Datagrams dropped for any reason. */
    public long droppedTotal() {
        long total = 0;
        for (long n : drops.values()) {
            total += n;
        }
        return total;
    }

    /** Error responses (400 and 420) sent. */
    public long errorResponses() {
        return badRequestResponses + unknownAttributeResponses;
    }
}
