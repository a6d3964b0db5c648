package dev.nat4j.core;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A datagram (or, on a stream transport, one framed message) an engine wants sent.
 *
 * <p>The payload's readable bytes (position to limit) are the message. The buffer belongs to the engine and is valid
 * only until the next call into that engine: a driver sends it at once or copies it.
 *
 * @param source      the local transport address to send from; {@code null} lets the driver pick its default socket
 * @param destination where to send it
 * @param payload     the bytes to send
 */
public record Transmit(TransportAddress source, InetSocketAddress destination, ByteBuffer payload) {
}
