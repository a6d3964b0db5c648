package dev.nat4j.core.sim;

import java.util.EnumMap;
import java.util.Map;

/**
 * Live counters of one {@link SimNetwork}. Once the network is idle,
 * {@code sent() + duplicated() == delivered() + dropped()}.
 *
 * <pre>{@code
 * assertEquals(0, net.stats().dropped(DropReason.FILTERED), net.describe());
 * }</pre>
 */
public final class SimStats {
    private long sent;
    private long delivered;
    private long duplicated;
    private long mappingsCreated;
    private final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);

    SimStats() {
    }

    void countSent() {
        sent++;
    }

    void countDelivered() {
        delivered++;
    }

    void countDuplicated() {
        duplicated++;
    }

    void countMappingCreated() {
        mappingsCreated++;
    }

    void countDropped(DropReason reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    /** Datagrams handed to the network by engines, hosts and injections. */
    public long sent() {
        return sent;
    }

    /** Datagrams handed to an engine. */
    public long delivered() {
        return delivered;
    }

    /** Extra copies made by link duplication. */
    public long duplicated() {
        return duplicated;
    }

    /** NAT mappings created over the run, in all routers. */
    public long mappingsCreated() {
        return mappingsCreated;
    }

    /** All discarded datagrams. */
    public long dropped() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Datagrams discarded for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /** A copy of the drop counters, by reason (only reasons that occurred). */
    public Map<DropReason, Long> droppedByReason() {
        return Map.copyOf(dropped);
    }

    @Override
    public String toString() {
        return "sent=" + sent + " delivered=" + delivered + " duplicated=" + duplicated + " dropped=" + dropped;
    }
}
