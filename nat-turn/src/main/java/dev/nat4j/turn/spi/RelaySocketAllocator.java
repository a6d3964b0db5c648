package dev.nat4j.turn.spi;

import dev.nat4j.core.TransportAddress;

/**
 * Where a TURN server engine gets its relayed transport addresses from. The engine never opens sockets itself: the
 * NIO glue opens UDP sockets in the configured port range, the simulator binds simulated endpoints.
 *
 * <p>Called on the engine's thread only. Datagrams arriving on an allocated address must be fed to the engine with
 * that address as {@code local}.
 *
 * <pre>{@code
 * RelaySocketAllocator relays = new RelaySocketAllocator() {
 *     public TransportAddress allocate(boolean ipv6, boolean evenPort) { return sim.bind(...); }
 *     public void release(TransportAddress address) { }
 * };
 * }</pre>
 */
public interface RelaySocketAllocator {

    /**
     * A fresh UDP relay address of the wanted family, or {@code null} when none is left (the client gets 508).
     *
     * @param ipv6     true for an IPv6 relay, false for IPv4
     * @param evenPort true when the client asked for an even port (EVEN-PORT)
     */
    TransportAddress allocate(boolean ipv6, boolean evenPort);

    /** True when relays of this family can be allocated at all (otherwise the client gets 440). */
    default boolean supports(boolean ipv6) {
        return true;
    }

    /** Gives back an address from {@link #allocate}; no more datagrams for it are expected. */
    void release(TransportAddress address);
}
