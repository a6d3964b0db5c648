package dev.nat4j.core.driver;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;

/**
 * Optional second interface for an {@link dev.nat4j.core.Engine} that cares when TCP/TLS connections open and close
 * (a TURN server ends an allocation whose control connection closed, RFC 8656 §3.1). The driver calls these on its
 * thread and drains the engine afterwards, as after any input.
 *
 * <pre>{@code
 * final class TurnServerEngine implements Engine<TurnEvent>, ConnectionObserver {
 *     public void handleConnectionClosed(TransportAddress local, InetSocketAddress remote, long now) {
 *         allocations.removeByFiveTuple(local, remote);
 *     }
 * }
 * }</pre>
 */
public interface ConnectionObserver {

    /** A connection identified by ({@code local}, {@code remote}) is ready to carry frames. */
    default void handleConnectionOpened(TransportAddress local, InetSocketAddress remote, long now) {
    }

    /** The connection identified by ({@code local}, {@code remote}) is closed; transmits to it are dropped. */
    void handleConnectionClosed(TransportAddress local, InetSocketAddress remote, long now);
}
